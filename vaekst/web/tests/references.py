"""What a screen reader relies on in a page's HTML and axe does not always see: every id
used once, and every label, description and name reference pointing at an element."""

from collections import Counter

from lxml import html as lxml_html

REFERENCE_ATTRIBUTES = ("aria-describedby", "aria-labelledby", "aria-controls")


def reference_problems(markup: str) -> list[str]:
    """The page's broken references, each as one readable line (empty when all is well)."""
    document = lxml_html.document_fromstring(markup)
    ids = Counter(element.get("id") for element in document.iter() if element.get("id"))
    problems = [f"id {name!r} is used {count} times" for name, count in ids.items() if count > 1]
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in REFERENCE_ATTRIBUTES:
            value = element.get(attribute)
            if value is None:
                continue
            if not value.strip():
                problems.append(f"<{element.tag}> has an empty {attribute}")
            problems.extend(
                f"<{element.tag}> {attribute} points at {name!r}, which is not on the page"
                for name in value.split()
                if name not in ids
            )
        target = element.get("for") if element.tag == "label" else None
        if target is not None and target not in ids:
            problems.append(f"<label> for {target!r}, which is not on the page")
    return problems
