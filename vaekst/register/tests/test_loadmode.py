"""The first load into an empty register drops the child tables' keys and puts them back."""

from pathlib import Path

import pytest
from django.db import connection

from vaekst.register.importers.loadmode import (
    CHILD_KEYS,
    TRIGRAM_INDEXES,
    _indexes,
    _key_names,
    drop_keys,
    restore_keys,
)
from vaekst.register.models import Company, YearlyFigures
from vaekst.register.services import import_cvr_files

DOCUMENTS = Path(__file__).parent / "fixtures" / "cvr_documents.jsonl"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the keys are dropped only on PostgreSQL"
)


def search_indexes_in_place() -> bool:
    wanted = {*TRIGRAM_INDEXES, *(index.name for index in Company._meta.indexes)}
    with connection.cursor() as cursor:
        return wanted <= _indexes(cursor)


def key_tables() -> list[str]:
    with connection.cursor() as cursor:
        return [
            model._meta.db_table
            for model in CHILD_KEYS
            if _key_names(cursor, model._meta.db_table, "company_id")
        ]


@pytest.mark.django_db(transaction=True)
def test_a_first_load_ends_with_every_key_in_place() -> None:
    # when: a large load (workers) into the empty register
    import_cvr_files([DOCUMENTS], progress=False, workers=2)
    # then: the companies landed and every key is back, checking rows again
    assert Company.objects.exists()
    assert len(key_tables()) == len(CHILD_KEYS)
    assert search_indexes_in_place()
    with pytest.raises(Exception, match="foreign key"), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO register_yearlyfigures (company_id, year, employees_band, "
            "employees_source, financials_source) VALUES (-1, 2020, '', '', '')"
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db(transaction=True)
def test_keys_a_crashed_load_left_out_come_back_with_the_next_import() -> None:
    # given: a load that crashed after dropping the keys
    assert drop_keys() and key_tables() == [] and not search_indexes_in_place()
    # when: any import runs (here one with nothing to read)
    import_cvr_files([], progress=False)
    # then
    assert len(key_tables()) == len(CHILD_KEYS)
    assert search_indexes_in_place()
    assert restore_keys() == []  # nothing left to add
    assert not YearlyFigures.objects.exists()
