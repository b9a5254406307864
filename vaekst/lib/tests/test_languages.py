"""Reference texts in the reader's language: English to a reader of English where given,
Danish otherwise and whenever the English is empty."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from vaekst.lib.languages import in_reader_language, reads_english, shown


@pytest.mark.parametrize(
    ("language", "english", "expected"),
    [
        ("en", "Growth potential", "Growth potential"),
        ("en-gb", "Growth potential", "Growth potential"),
        ("da", "Growth potential", "Vækstpotentiale"),
        ("en", "", "Vækstpotentiale"),
        ("en", "   ", "Vækstpotentiale"),
        ("en", None, "Vækstpotentiale"),
    ],
)
def test_the_text_in_the_readers_language(
    language: str, english: str | None, expected: str
) -> None:
    with translation.override(language):
        assert in_reader_language("Vækstpotentiale", english) == expected


def test_without_an_active_language_the_danish_text_is_shown() -> None:
    with translation.override(None):
        assert reads_english() is False
        assert in_reader_language("Vækstpotentiale", "Growth potential") == "Vækstpotentiale"


def test_shown_reads_the_english_column_beside_the_field() -> None:
    level = SimpleNamespace(internal_name="Etableret drift", internal_name_en="Established")
    plain = SimpleNamespace(title="Tilbud")  # no English column at all
    with translation.override("en"):
        assert shown(level, "internal_name") == "Established"
        assert shown(plain, "title") == "Tilbud"
    with translation.override("da"):
        assert shown(level, "internal_name") == "Etableret drift"
