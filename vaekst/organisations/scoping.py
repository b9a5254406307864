"""The one scoping mechanism: what a user may see.

Each app registers, per model, a rule that turns a user into a filter (a `Q`), or `None` when
the rule grants nothing. A user sees the union of what the rules grant; with no rule granting
anything they see nothing. Views, API endpoints and commands all go through `visible_to` and
`get_visible_or_404`, which answers 404 both for "missing" and for "not yours".

Rules live with the model's app (register adds the company rule, later apps add theirs), so
this module knows no app above it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from vaekst.organisations.choices import OrganisationKind, Role

M = TypeVar("M", bound=Model)
Rule = Callable[[Any, "Area"], Q | None]

_rules: dict[type[Model], list[Rule]] = defaultdict(list)


@dataclass(frozen=True)
class Area:
    """Where a user works: the whole country, one region, one municipality, or none (a firm's
    or partner's user, whose access comes from explicit links)."""

    everything: bool = False
    region_code: int | None = None
    municipality_code: int | None = None

    @classmethod
    def of(cls, user: Any) -> "Area":
        organisation = getattr(user, "organisation", None)
        if organisation is None or not organisation.is_active:
            return cls()
        role = user.role
        if organisation.kind == OrganisationKind.NATIONAL and role == Role.NATIONAL_ADMIN:
            return cls(everything=True)
        if organisation.kind == OrganisationKind.GROWTH_HOUSE and role in (
            Role.HOUSE_MANAGER,
            Role.GROWTH_CONSULTANT,
        ):
            return cls(region_code=organisation.region_id)
        if organisation.kind == OrganisationKind.MUNICIPALITY and role == Role.MUNICIPAL_CONSULTANT:
            return cls(municipality_code=organisation.municipality_id)
        return cls()

    @property
    def is_regional(self) -> bool:
        return self.region_code is not None

    @property
    def is_municipal(self) -> bool:
        return self.municipality_code is not None


def register_rule(model: type[Model]) -> Callable[[Rule], Rule]:
    """Decorator: add a visibility rule for `model`."""

    def decorator(rule: Rule) -> Rule:
        if rule not in _rules[model]:
            _rules[model].append(rule)
        return rule

    return decorator


def visibility_filter(user: Any, model: type[Model]) -> Q | None:
    """The filter granting `user` access to rows of `model`, or None for no access at all."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    rules = _rules.get(model)
    if not rules:
        raise LookupError(f"No scoping rule registered for {model.__name__}")
    area = Area.of(user)
    return union(*(rule(user, area) for rule in rules))


def union(*parts: Q | None) -> Q | None:
    """What any of the filters grants: None where none grants anything, and an empty Q
    (everything) as soon as one grants everything (OR-ing it with another Q would narrow)."""
    granted: Q | None = None
    for q in parts:
        if q is None:
            continue
        if not q:
            return Q()
        granted = q if granted is None else granted | q
    return granted


def through(field: str, model: type[Model], q: Q | None) -> Q | None:
    """A filter on `model` (a rule's answer) as a filter on rows reaching it through `field`:
    None stays None, everything stays everything."""
    if q is None or not q:
        return q
    return Q(**{f"{field}__in": model._default_manager.filter(q).values("pk")})


def visible_to(user: Any, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow `queryset` to what `user` may see."""
    q = visibility_filter(user, queryset.model)
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def get_visible_or_404(user: Any, queryset: QuerySet[M], **lookup: Any) -> M:
    """Fetch one object the user may see; 404 for missing and for not-yours alike."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404("Not found") from None
