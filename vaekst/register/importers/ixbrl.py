"""Inline XBRL (Inline XBRL 1.1, Transformation Registry 1-5): facts tagged inside an XHTML page.

What an annual report needs of the specification, implemented once:

- `ix:nonFraction`: the displayed text, read through its `format` (a rule of the
  transformation registry, below), then `sign="-"` negates it and `scale` multiplies it by
  10^scale (3: thousands, 6: millions, negative: hundredths and the like); `xsi:nil="true"`
  is no value. The text itself is never negative: a minus belongs in `sign`.
- `ix:nonNumeric`: the text of the element without its `ix:exclude` parts, followed by the
  `ix:continuation` chain its `continuedAt` starts (a CVR number split over two lines of the
  page is one fact).
- `ix:hidden` holds facts like any other part of the page; they are found wherever they are.
- A fact with a `target` belongs to another target document than the report and is passed over.

Contexts (`xbrli:context` in `ix:resources`) are the same as in a plain instance and are read
by the instance reader (`xbrl`). The transformation rules are known by their local name in any
of the registry's namespaces (`http://www.xbrl.org/inlineXBRL/transformation/…`): the older
names (`numdotdecimal`, `numcommadecimal`, `zerodash`, …) and TR4's (`num-dot-decimal`,
`num-comma-decimal`, `fixed-zero`, …) mean the same thing.

This is not `ixbrlparse` (see the commit that added this module): that library reads only
`xbrli:segment` as dimensions (the Danish taxonomy puts them in `xbrli:scenario`), removes
only the first `ix:exclude` and none inside a continuation, fails on non-breaking-space
thousands separators, computes in floats, matches names by prefix rather than namespace and
cannot say on which line of the report a fault is.
"""

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

IX_NAMESPACES = frozenset(
    {"http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL"}
)
TRANSFORMATION_NAMESPACE = "http://www.xbrl.org/inlineXBRL/transformation/"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

# Whitespace as XML has it (the registry's patterns allow it around a number).
_XML_SPACE = " \t\n\r"
_DASHES = "-\u058a\u05be\u2010\u2011\u2012\u2013\u2014\u2015\ufe58\ufe63\uff0d"
_DOT_DECIMAL = re.compile(r"[0-9, \u00a0]*(\.[0-9 \u00a0]*)?")
_DOT_DECIMAL_APOS = re.compile(r"[0-9,'`\u00b4\u2019\u2032 \u00a0]*(\.[0-9 \u00a0]*)?")
_COMMA_DECIMAL = re.compile(r"[0-9. \u00a0]*(,[0-9 \u00a0]*)?")
_COMMA_DECIMAL_APOS = re.compile(r"[0-9.'`\u00b4\u2019\u2032 \u00a0]*(,[0-9 \u00a0]*)?")
_XS_DECIMAL = re.compile(r"\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


class FactError(ValueError):
    """A tagged fact that cannot be read; the message is the reason, `line` where it is."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.line = line


def _digits(text: str, decimal_mark: str) -> str:
    """The digits of a number, with its decimal mark as a dot; no digit at all is an error."""
    whole, _, fraction = text.partition(decimal_mark)
    whole = re.sub(r"[^0-9]", "", whole)
    fraction = re.sub(r"[^0-9]", "", fraction)
    if not whole and not fraction:
        raise ValueError("no digits")
    return f"{whole or '0'}.{fraction}" if fraction else whole


def _separated(pattern: re.Pattern[str], decimal_mark: str) -> Callable[[str], str]:
    def rule(text: str) -> str:
        text = text.strip(_XML_SPACE)
        if not pattern.fullmatch(text):
            raise ValueError("not a number in this format")
        return _digits(text, decimal_mark)

    return rule


def _zero_dash(text: str) -> str:
    if text.strip(_XML_SPACE) not in tuple(_DASHES):
        raise ValueError("not a dash")
    return "0"


def _fixed_zero(text: str) -> str:
    return "0"


dot_decimal = _separated(_DOT_DECIMAL, ".")
comma_decimal = _separated(_COMMA_DECIMAL, ",")

# Local name → rule giving an xs:decimal; the same rule under each registry's name for it.
NUMBER_RULES: dict[str, Callable[[str], str]] = {
    # TR4-5: comma, space or nbsp between thousands, a dot before the decimals
    "num-dot-decimal": dot_decimal,
    "num-dot-decimal-apos": _separated(_DOT_DECIMAL_APOS, "."),
    # TR2-3, and TR1's names for the same (by thousands separator)
    "numdotdecimal": dot_decimal,
    "numcommadot": dot_decimal,
    "numspacedot": dot_decimal,
    # TR4-5: dot, space or nbsp between thousands, a comma before the decimals
    "num-comma-decimal": comma_decimal,
    "num-comma-decimal-apos": _separated(_COMMA_DECIMAL_APOS, ","),
    "numcommadecimal": comma_decimal,
    "numdotcomma": comma_decimal,
    "numspacecomma": comma_decimal,
    # TR4-5: zero whatever is shown; TR1-3: a dash shown for zero
    "fixed-zero": _fixed_zero,
    "zerodash": _zero_dash,
    "numdash": _zero_dash,
}


def local_name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(element: Any) -> str:
    tag = element.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def is_ix(element: Any, name: str) -> bool:
    return namespace(element) in IX_NAMESPACES and local_name(element) == name


def is_inline(root: Any) -> bool:
    """True when the document has Inline XBRL elements."""
    return any(namespace(element) in IX_NAMESPACES for element in root.iter())


def resolve(element: Any, qname: str) -> tuple[str, str] | None:
    """A prefixed name of an attribute (`fsa:Revenue`) as (namespace, local name)."""
    prefix, _, local = qname.strip().rpartition(":")
    namespace = element.nsmap.get(prefix or None)
    return None if namespace is None else (namespace, local)


def facts(root: Any, kind: str) -> Iterator[tuple[str, str, Any]]:
    """(namespace, local name, element) of the `ix:nonFraction` or `ix:nonNumeric` facts."""
    for element in root.iter():
        if not is_ix(element, kind) or element.get("target") is not None:
            continue
        name = resolve(element, element.get("name") or "")
        if name is not None:
            yield (*name, element)


def transform(text: str, format_name: tuple[str, str] | None) -> str:
    """The xs:decimal a displayed number stands for, by a rule of the registry (or none)."""
    if format_name is None:
        text = text.strip(_XML_SPACE)
        if not _XS_DECIMAL.fullmatch(text):
            raise ValueError("not a number")
        return text.lstrip("+")
    namespace, name = format_name
    rule = NUMBER_RULES.get(name) if namespace.startswith(TRANSFORMATION_NAMESPACE) else None
    if rule is None:
        raise LookupError(f"format {name} ({namespace}) is not a number format this reads")
    return rule(text)


@dataclass(frozen=True, slots=True)
class Number:
    """The value of an `ix:nonFraction` (None when nil) and its precision (None: exact)."""

    value: Decimal | None
    decimals: int | None


def number(element: Any) -> Number:
    """The value of one `ix:nonFraction`: format, then sign, then scale."""
    line = element.sourceline or 1
    decimals = parse_decimals(element.get("decimals"))
    if element.get(XSI_NIL) == "true":
        return Number(None, decimals)
    shown = _text_without_exclusions(element)
    raw_format = element.get("format")
    format_name = resolve(element, raw_format) if raw_format else None
    if raw_format and format_name is None:
        raise FactError(f"format {raw_format} has an unknown prefix", line)
    try:
        value = Decimal(transform(shown, format_name))
    except LookupError as unknown:
        raise FactError(str(unknown), line) from unknown
    except (ValueError, InvalidOperation) as error:
        raise FactError(
            f"{shown.strip()!r} is not a number in format {raw_format}", line
        ) from error
    if element.get("sign") == "-":
        value = -value
    try:
        scale = int(element.get("scale") or 0)
    except ValueError as error:
        raise FactError(f"scale {element.get('scale')!r} is not a whole number", line) from error
    return Number(value.scaleb(scale), decimals)


def parse_decimals(raw: str | None) -> int | None:
    """The `decimals` attribute: None for INF (or absent), else the number of decimals."""
    if raw is None or raw.strip().upper() == "INF":
        return None
    try:
        return int(raw)
    except ValueError:
        return None


def _text_without_exclusions(element: Any) -> str:
    """The text of an element and its descendants but `ix:exclude`s and comments.

    A page with an XHTML DOCTYPE may write `&nbsp;` and the like; the DTD is not loaded, so
    such a named entity is read as the character HTML gives it.
    """
    parts = [element.text or ""]
    for child in element:
        if child.tag is etree.Entity:
            parts.append(html.unescape(child.text or ""))
        elif isinstance(child.tag, str) and not is_ix(child, "exclude"):
            parts.append(_text_without_exclusions(child))
        parts.append(child.tail or "")
    return "".join(parts)


def text(element: Any, continuations: dict[str, Any]) -> str:
    """The text of an `ix:nonNumeric`: its own without `ix:exclude`, then its continuations."""
    parts = [_text_without_exclusions(element)]
    seen: set[str] = set()
    following = element.get("continuedAt")
    while following:
        if following in seen:
            raise FactError(f"ix:continuation {following} continues itself", element.sourceline)
        seen.add(following)
        continuation = continuations.get(following)
        if continuation is None:
            raise FactError(f"ix:continuation {following} is not in the report", element.sourceline)
        parts.append(_text_without_exclusions(continuation))
        following = continuation.get("continuedAt")
    return "".join(parts)


def continuations(root: Any) -> dict[str, Any]:
    """`ix:continuation` elements by id."""
    return {
        element.get("id"): element
        for element in root.iter()
        if is_ix(element, "continuation") and element.get("id")
    }
