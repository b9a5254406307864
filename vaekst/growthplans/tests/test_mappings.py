import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.growthplans.choices import MappingStatus, Priority
from vaekst.growthplans.models import Mapping, MappingFocusArea, MappingTemplate
from vaekst.growthplans.selectors import mapping_comparison, visible_mappings
from vaekst.growthplans.services import (
    AnswerInput,
    complete_mapping,
    record_answers,
    start_mapping,
)


def test_national_template_v1_is_published_with_six_areas(db: Any) -> None:
    template = MappingTemplate.objects.published().get(version=1)
    assert template.areas.count() == 6
    counts = [area.focus_areas.count() for area in template.areas.all()]
    assert all(3 <= count <= 4 for count in counts)


def test_consultant_starts_records_and_completes_a_mapping(
    personas: Personas, mapping_a: Mapping
) -> None:
    # then
    assert mapping_a.status == MappingStatus.COMPLETED
    assert mapping_a.completed_at is not None
    assert mapping_a.answers.get(focus_area__key="sales").priority == Priority.HIGH
    assert AuditEntry.objects.filter(object_id=str(mapping_a.public_id)).count() >= 3


def test_completed_mapping_cannot_be_changed(personas: Personas, mapping_a: Mapping) -> None:
    with pytest.raises(ValidationError):
        record_answers(
            actor=personas.a.consultant, mapping=mapping_a, answers=[AnswerInput("sales", 5)]
        )
    assert mapping_a.answers.get(focus_area__key="sales").status == 2


def test_mapping_needs_an_answer_before_completion(personas: Personas) -> None:
    mapping = start_mapping(
        actor=personas.a.consultant, company=personas.a.company, held_on=datetime.date.today()
    )
    with pytest.raises(ValidationError):
        complete_mapping(actor=personas.a.consultant, mapping=mapping)


def test_status_outside_1_to_5_is_refused(personas: Personas) -> None:
    mapping = start_mapping(
        actor=personas.a.consultant, company=personas.a.company, held_on=datetime.date.today()
    )
    with pytest.raises(ValidationError):
        record_answers(
            actor=personas.a.consultant, mapping=mapping, answers=[AnswerInput("sales", 7)]
        )
    assert not mapping.answers.exists()


def test_consultant_of_other_house_cannot_start_a_mapping(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        start_mapping(
            actor=personas.b.consultant, company=personas.a.company, held_on=datetime.date.today()
        )
    assert not Mapping.objects.exists()


def test_firm_sees_only_completed_mappings_of_its_own(
    personas: Personas, mapping_a: Mapping
) -> None:
    draft = start_mapping(
        actor=personas.a.consultant, company=personas.a.company, held_on=datetime.date.today()
    )
    assert list(visible_mappings(personas.a.company_user)) == [mapping_a]
    assert draft in visible_mappings(personas.a.consultant)
    assert not visible_mappings(personas.b.company_user).exists()
    assert not visible_mappings(personas.partner_advisor).exists()
    assert not visible_mappings(personas.b.consultant).exists()


def test_comparison_with_previous_mapping(personas: Personas, mapping_a: Mapping) -> None:
    # given a second mapping a year later
    consultant = personas.a.consultant
    later = start_mapping(
        actor=consultant, company=personas.a.company, held_on=datetime.date(2025, 3, 1)
    )
    record_answers(actor=consultant, mapping=later, answers=[AnswerInput("sales", 4)])
    complete_mapping(actor=consultant, mapping=later)
    # when
    rows = {row.key: row for row in mapping_comparison(later)}
    # then
    assert len(rows) == MappingFocusArea.objects.filter(area__template__version=1).count()
    assert (rows["customers_market.sales"].previous, rows["customers_market.sales"].current) == (
        2,
        4,
    )
    assert rows["finance_capital.capital_access"].current is None
