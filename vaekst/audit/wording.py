"""Words for audit values that are kept as data (a dict with a "kind"), in the reader's
language. The app that writes such a value registers how to word it; anything else is
shown as it was stored (older entries keep the text they were written with)."""

from collections.abc import Callable
from typing import Any

Describer = Callable[[dict[str, Any]], str]

_describers: dict[tuple[str, str], Describer] = {}


def register_describer(object_type: str, field: str, describer: Describer) -> None:
    """Word the values of `field` in entries about `object_type` (e.g. "growthplans.growthplan")."""
    _describers[(object_type, field)] = describer


def shown_value(object_type: str, field: str, value: Any) -> Any:
    describer = _describers.get((object_type, field))
    if describer is not None and isinstance(value, dict) and "kind" in value:
        return describer(value)
    return value
