"""Wide tables scroll in a labelled region of their own, so that at 320 px the page does not
scroll sideways and a keyboard can reach and scroll the table."""

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation
from lxml import html as lxml_html

import vaekst

TEMPLATES = Path(vaekst.__file__).parent


def test_the_region_is_named_in_the_readers_language_and_holds_the_table() -> None:
    # given
    template = Template(
        '{% load web_tags %}{% scrollable _("Mål") %}<table><caption>x</caption></table>'
        "{% endscrollable %}"
    )
    # when
    with translation.override("da"):
        markup = template.render(Context())
    # then
    region = lxml_html.fragment_fromstring(markup)
    assert region.tag == "div"
    assert dict(region.attrib) == {
        "class": "table--responsive-scroll",
        "tabindex": "0",
        "role": "region",
        "aria-label": "Mål",
    }
    assert [child.tag for child in region] == ["table"]


def test_a_label_from_the_data_is_escaped() -> None:
    markup = Template(
        "{% load web_tags %}{% scrollable title %}<table></table>{% endscrollable %}"
    ).render(Context({"title": 'Salg & "eksport"'}))
    assert 'aria-label="Salg &amp; &quot;eksport&quot;"' in markup


def test_every_table_on_a_page_sits_in_a_scroll_region() -> None:
    # the printable PDF is paper, not a screen
    unwrapped = []
    tables = 0
    for path in sorted(TEMPLATES.rglob("templates/**/*.html")):
        if "/pdf/" in str(path):
            continue
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            tables += 1
            before = text[: match.start()]
            if before.count("{% scrollable") <= before.count("{% endscrollable %}"):
                unwrapped.append(f"{path.relative_to(TEMPLATES)}:{before.count(chr(10)) + 1}")
    assert tables > 30  # the walk found the pages' tables
    assert unwrapped == []
