"""Inline XBRL as the specification has it: the transformation rules, sign and scale, nil,
exclusions and continuations (Inline XBRL 1.1, Transformation Registry 1-5)."""

from decimal import Decimal

import pytest
from lxml import etree

from vaekst.register.importers.ixbrl import FactError, Number, number, text, transform

TR1 = "http://www.xbrl.org/inlineXBRL/transformation/2010-04-20"
TR3 = "http://www.xbrl.org/inlineXBRL/transformation/2015-02-26"
TR4 = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("name", "shown", "value"),
    [
        # TR4 num-dot-decimal: comma, space or nbsp between thousands, dot before decimals
        ("num-dot-decimal", "1,234,567.89", "1234567.89"),
        ("num-dot-decimal", f"1{NBSP}234{NBSP}567", "1234567"),
        ("num-dot-decimal", "1 234.5", "1234.5"),
        ("num-dot-decimal", "\n  18,500 \t", "18500"),
        ("num-dot-decimal", ".5", "0.5"),
        # TR4 num-comma-decimal: dot, space or nbsp between thousands, comma before decimals
        ("num-comma-decimal", "1.234.567,89", "1234567.89"),
        ("num-comma-decimal", f"18{NBSP}500", "18500"),
        ("num-comma-decimal", "9,6", "9.6"),
        # TR5's apostrophe forms
        ("num-dot-decimal-apos", "1'234'567.5", "1234567.5"),
        ("num-comma-decimal-apos", "1\u2019234,5", "1234.5"),
        # TR2-3 names
        ("numdotdecimal", "2,250", "2250"),
        ("numcommadecimal", "18.500.000", "18500000"),
        # TR1 names, by thousands separator
        ("numcommadot", "1,234.5", "1234.5"),
        ("numspacedot", "1 234.5", "1234.5"),
        ("numdotcomma", "1.234,5", "1234.5"),
        ("numspacecomma", "1 234,5", "1234.5"),
        # TR4 fixed-zero: zero whatever is shown; TR1-3 zerodash / numdash: a dash shown
        ("fixed-zero", "–", "0"),
        ("fixed-zero", "ingen", "0"),
        ("zerodash", "-", "0"),
        ("zerodash", " \u2013 ", "0"),
        ("zerodash", "\u2014", "0"),
        ("numdash", "-", "0"),
    ],
)
def test_each_number_rule_reads_what_it_is_shown(name: str, shown: str, value: str) -> None:
    assert Decimal(transform(shown, (TR4, name))) == Decimal(value)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("num-dot-decimal", "1.234,5"),  # comma decimals under the dot rule
        ("num-dot-decimal", "12.34.5"),
        ("num-dot-decimal", "-1,234"),  # a minus belongs in sign="-"
        ("num-dot-decimal", "kr. 1,234"),
        ("num-dot-decimal", ""),
        ("num-comma-decimal", "1,234.5"),  # dot decimals under the comma rule
        ("num-comma-decimal", "1,2,3"),
        ("numdotdecimal", "1'234"),  # apostrophes only in the -apos rules
        ("zerodash", "0"),
        ("zerodash", "--"),
    ],
)
def test_each_number_rule_refuses_what_is_not_its_form(name: str, shown: str) -> None:
    with pytest.raises(ValueError):
        transform(shown, (TR4, name))


def test_the_rules_are_the_same_in_every_registry_namespace() -> None:
    for namespace in (TR1, TR3, TR4):
        assert transform("1.234,5", (namespace, "numdotcomma")) == "1234.5"


def test_a_format_outside_the_registry_or_unknown_to_it_is_refused() -> None:
    with pytest.raises(LookupError):
        transform("1", ("http://www.sec.gov/inlineXBRL/transformation/2015-08-31", "numwordsen"))
    with pytest.raises(LookupError):
        transform("one", (TR4, "num-word-en"))


@pytest.mark.parametrize(
    ("shown", "value"), [("1234", "1234"), (" 12.50 ", "12.50"), (".5", ".5"), ("+7", "7")]
)
def test_without_a_format_the_text_is_an_unsigned_decimal(shown: str, value: str) -> None:
    assert transform(shown, None) == value


@pytest.mark.parametrize("shown", ["-5", "1,234", "1 234", "", "5e3"])
def test_without_a_format_anything_but_a_decimal_is_refused(shown: str) -> None:
    with pytest.raises(ValueError):
        transform(shown, None)


def _fact(attributes: str, shown: str) -> etree._Element:
    page = (
        '<p xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
        f'xmlns:ixt="{TR3}" xmlns:ixt4="{TR4}" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f'<ix:nonFraction name="fsa:Revenue" contextRef="c" unitRef="DKK" {attributes}>'
        f"{shown}</ix:nonFraction></p>"
    )
    return etree.fromstring(page)[0]


@pytest.mark.parametrize(
    ("attributes", "shown", "value"),
    [
        ('decimals="0"', "1234", Number(Decimal(1234), 0)),
        ('decimals="-3" scale="3" format="ixt4:num-dot-decimal"', "18,500", None),
        ('decimals="-5" scale="6" format="ixt4:num-comma-decimal"', "9,6", None),
        ('decimals="2" scale="-2" format="ixt4:num-dot-decimal"', "12,345", None),
        ('decimals="-3" scale="3" sign="-" format="ixt:numdotdecimal"', "310", None),
        ('decimals="INF" sign="-" format="ixt4:fixed-zero"', "–", Number(Decimal(0), None)),
        ('decimals="0" xsi:nil="true"', "", Number(None, 0)),
    ],
)
def test_a_number_is_its_format_then_its_sign_then_its_scale(
    attributes: str, shown: str, value: Number | None
) -> None:
    expected = {
        "18,500": Number(Decimal(18_500_000), -3),
        "9,6": Number(Decimal(9_600_000), -5),
        "12,345": Number(Decimal("123.45"), 2),
        "310": Number(Decimal(-310_000), -3),
    }
    assert number(_fact(attributes, shown)) == (value or expected[shown])


def test_the_text_of_a_number_may_be_wrapped_in_markup() -> None:
    fact = _fact('decimals="0" format="ixt4:num-dot-decimal"', "<b>1,</b><i>234</i>")
    assert number(fact).value == 1234


def test_a_number_that_cannot_be_read_is_an_error_at_its_line() -> None:
    with pytest.raises(FactError) as unreadable:
        number(_fact('decimals="0" format="ixt4:num-dot-decimal"', "1.234,5"))
    assert (str(unreadable.value), unreadable.value.line) == (
        "'1.234,5' is not a number in format ixt4:num-dot-decimal",
        2,
    )
    with pytest.raises(FactError, match="format ixt9:num-dot-decimal has an unknown prefix"):
        number(_fact('decimals="0" format="ixt9:num-dot-decimal"', "1"))
    with pytest.raises(FactError, match="scale 'x' is not a whole number"):
        number(_fact('decimals="0" scale="x"', "1"))


PAGE = """<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL">
<p>CVR <ix:nonNumeric name="gsd:X" contextRef="c" continuedAt="a"
  >62<ix:exclude>[1]</ix:exclude>60</ix:nonNumeric>
<!-- a comment is no text -->
<ix:continuation id="a" continuedAt="b">18<ix:exclude><b>side 2</b></ix:exclude></ix:continuation>
<span><ix:continuation id="b"><span>17</span></ix:continuation></span></p>
</html>"""


def _continuations(root: etree._Element) -> dict[str, etree._Element]:
    ix = "{http://www.xbrl.org/2013/inlineXBRL}continuation"
    return {element.get("id"): element for element in root.iter(ix)}


def test_a_non_numeric_fact_is_its_text_without_exclusions_then_its_continuations() -> None:
    root = etree.fromstring(PAGE)
    fact = next(root.iter("{http://www.xbrl.org/2013/inlineXBRL}nonNumeric"))
    assert text(fact, _continuations(root)) == "62601817"


def test_a_missing_or_circular_continuation_is_an_error() -> None:
    root = etree.fromstring(PAGE.replace('id="b"', 'id="c"'))
    fact = next(root.iter("{http://www.xbrl.org/2013/inlineXBRL}nonNumeric"))
    with pytest.raises(FactError, match="ix:continuation b is not in the report"):
        text(fact, _continuations(root))
    root = etree.fromstring(
        PAGE.replace('<ix:continuation id="b">', '<ix:continuation id="b" continuedAt="a">')
    )
    fact = next(root.iter("{http://www.xbrl.org/2013/inlineXBRL}nonNumeric"))
    with pytest.raises(FactError, match="ix:continuation a continues itself"):
        text(fact, _continuations(root))


def test_named_entities_of_an_xhtml_page_with_a_doctype_read_as_their_characters() -> None:
    # given a page that declares the XHTML DTD (not loaded) and writes &nbsp;
    page = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        f'<p xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" xmlns:ixt4="{TR4}">'
        '<ix:nonFraction name="fsa:Revenue" decimals="0" format="ixt4:num-dot-decimal">'
        "1&nbsp;234&nbsp;567</ix:nonFraction>"
        '<ix:nonNumeric name="gsd:X">6260&nbsp;1817 &amp; co</ix:nonNumeric></p>'
    )
    root = etree.fromstring(page, etree.XMLParser(resolve_entities=False, no_network=True))
    # when / then
    assert number(root[0]).value == 1_234_567
    assert text(root[1], {}) == "6260\u00a01817 & co"
