"""Reference texts in the reader's language.

Texts the system seeds as data (the national levels, the core offer, the national mapping
template) are written in Danish, with an optional English version in a `<field>_en` column
beside the Danish one. A page shows the English version to a reader who reads English and
the Danish one otherwise, or when no English version was given.

Why not django-modeltranslation: it replaces the model's own attribute with one that reads
*and writes* the active language's column, so code that copies a row (a new version of a rule
set copies its levels) would, in an English request, write the English text into the copy's
English column and leave its Danish one as it was; and the bulk and polars reads, which go
around the model, would see neither. One plain column per language and one reading function
keep the Danish field the source of truth for storage, copying, the API and bulk reads.
"""

from typing import Any

from django.utils.translation import get_language

ENGLISH = "en"


def reads_english() -> bool:
    """Whether the active language (the reader's) is English."""
    return (get_language() or "").split("-")[0] == ENGLISH


def in_reader_language(danish: str, english: str | None) -> str:
    """`english` to a reader of English when it is given, else `danish`."""
    if english and english.strip() and reads_english():
        return english
    return danish


def shown(instance: Any, field: str) -> str:
    """The value of `field` of `instance` in the reader's language: `<field>_en` to a reader
    of English when it is filled, else the Danish `field`."""
    return in_reader_language(
        str(getattr(instance, field) or ""), getattr(instance, f"{field}_en", "")
    )


def reword(instance: Any, field: str, danish: str) -> None:
    """Set the Danish `field` of `instance`; a changed text loses its `<field>_en`, since an
    English version goes with the Danish text it translates."""
    if getattr(instance, field) != danish:
        setattr(instance, f"{field}_en", "")
    setattr(instance, field, danish)
