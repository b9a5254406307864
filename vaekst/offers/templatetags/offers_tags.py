from typing import Any

from django import template

register = template.Library()


@register.filter
def level_name(level_key: str | None, levels: dict[str, str]) -> str:
    """A level's name from the levels mapping (key → name), or the key itself."""
    if not level_key:
        return ""
    return levels.get(level_key, level_key)


@register.filter
def quantity(value: Any) -> str:
    """A quantity without a needless ".0" (2.5 stays, 4.0 becomes 4)."""
    if value is None:
        return ""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def unit_label(unit: str) -> str:
    """The translated name of an allowance unit ("hours" → "timer")."""
    from vaekst.offers.choices import AllowanceUnit

    try:
        return str(AllowanceUnit(unit).label)
    except ValueError:
        return unit


@register.filter
def in_level_order(allowances: Any, levels: dict[str, str]) -> list[Any]:
    """Allowances ordered as the levels are (highest potential first), unknown keys last."""
    order = {key: position for position, key in enumerate(levels)}
    return sorted(allowances, key=lambda allowance: order.get(allowance.level_key, len(order)))
