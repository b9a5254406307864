"""Formatting of indicators, thresholds and criteria in words, and the navigation check."""

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from vaekst.segmentation.choices import Indicator, Operator
from vaekst.segmentation.selectors import may_read_levels

register = template.Library()

# Growth rates and the predicted chance are fractions; people read them as percentages.
PERCENT_INDICATORS = {
    Indicator.EMPLOYEE_GROWTH_1Y,
    Indicator.EMPLOYEE_GROWTH_2Y,
    Indicator.EMPLOYEE_GROWTH_3Y,
    Indicator.GROSS_PROFIT_GROWTH_1Y,
    Indicator.GROSS_PROFIT_GROWTH_3Y,
    Indicator.PREDICTED_HIGH_GROWTH,
}
WHOLE_INDICATORS = {Indicator.GROSS_PROFIT, Indicator.AMBITION, Indicator.CAPACITY}


@register.simple_tag
def shows_levels(user: Any) -> bool:
    """Whether the navigation offers the level pages (staff only)."""
    return may_read_levels(user)


@register.filter
def percent(value: Any, decimals: int = 1) -> str:
    if value is None or value == "":
        return "–"
    try:
        # number_format truncates; round first so that 25.99 reads 26,0.
        return f"{number_format(round(float(value) * 100, decimals), decimal_pos=decimals)} %"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def indicator_value(value: Any, indicator: str) -> str:
    """A firm's value of an indicator, or a threshold, formatted for reading."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if indicator in PERCENT_INDICATORS:
        return percent(value)
    if isinstance(value, int | float):
        if indicator in WHOLE_INDICATORS or float(value).is_integer():
            return number_format(round(float(value)), decimal_pos=0, force_grouping=True)
        return number_format(round(float(value), 1), decimal_pos=1)
    return str(value)


@register.simple_tag
def criterion_words(indicator: str, operator: str, value: Any) -> str:
    """E.g. "Ansatte ≥ 10", "Vækst i ansatte, 3 år (årlig) > 10,0 %", "Eksportør er sand"."""
    label = str(Indicator(indicator).label) if indicator in Indicator.values else indicator
    sign = str(Operator(operator).label) if operator in Operator.values else operator
    if operator == Operator.IS_TRUE:
        return f"{label} {sign}"
    return f"{label} {sign} {indicator_value(value, indicator)}"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def iso_date(value: Any) -> str:
    """An ISO date string (as stored with the indicators) in the locale's date format."""
    import datetime

    from django.utils.formats import date_format

    try:
        return date_format(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
