from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from vaekst.audit.models import AuditEntry
from vaekst.organisations.scoping import visibility_filter

register = template.Library()


@register.simple_tag
def can_read_audit(user: Any) -> bool:
    """Whether the navigation offers the audit trail (the audit scoping rule grants something)."""
    return visibility_filter(user, AuditEntry) is not None


class ScrollableNode(template.Node):
    def __init__(self, label: Any, nodelist: template.NodeList) -> None:
        self.label = label
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return format_html(
            '<div class="table--responsive-scroll" tabindex="0" role="region" aria-label="{}">'
            "{}</div>",
            self.label.resolve(context),
            mark_safe(self.nodelist.render(context)),  # noqa: S308 (rendered by the engine)
        )


@register.tag
def scrollable(parser: Any, token: Any) -> ScrollableNode:
    """`{% scrollable _("Label") %}<table>…</table>{% endscrollable %}`: a wide table scrolls
    in its own labelled region (DKFDS's table--responsive-scroll) instead of the whole page
    at 320 px; the region takes the focus so a keyboard can scroll it."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("scrollable takes one label")
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(parser.compile_filter(bits[1]), nodelist)
