"""Extension points: where a lower app shows what apps higher up add (sections of the
company page or an offer's page, timeline entries, what a plan action shows), without
importing them. The lower app owns an `ExtensionPoint`; each higher app registers its
provider from its AppConfig.ready(). Dependencies keep running one way."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

P = TypeVar("P", bound=Callable[..., Any])


@dataclass(frozen=True)
class Section:
    """One block a higher app adds to a page: a template and its context."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


class ExtensionPoint(Generic[P]):
    """The providers registered for one place, in the order they came (registering one
    twice keeps one)."""

    def __init__(self) -> None:
        self.providers: list[P] = []

    def register(self, provider: P) -> P:
        """Usable as a decorator."""
        if provider not in self.providers:
            self.providers.append(provider)
        return provider
