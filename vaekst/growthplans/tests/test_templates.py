"""Managing the national mapping template and regions' own questions (the services)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Personas
from vaekst.growthplans.choices import AnswerKind, TemplateStatus
from vaekst.growthplans.models import (
    MappingArea,
    MappingFocusArea,
    MappingTemplate,
    RegionalAnswer,
    RegionalQuestion,
)
from vaekst.growthplans.services import (
    add_regional_question,
    create_template_draft,
    deactivate_regional_question,
    publish_template,
    record_answers,
    remove_area,
    remove_focus_area,
    set_area,
    set_focus_area,
    start_mapping,
    update_regional_question,
)
from vaekst.organisations.models import Region

HELD_ON = datetime.date(2024, 5, 1)
pytestmark = pytest.mark.django_db


def v1() -> MappingTemplate:
    return MappingTemplate.objects.get(version=1)


def focus_keys(template: MappingTemplate) -> set[tuple[str, str]]:
    return set(
        MappingFocusArea.objects.filter(area__template=template).values_list("area__key", "key")
    )


def test_national_admin_creates_draft_as_copy_of_version_in_force(personas: Personas) -> None:
    # when
    draft = create_template_draft(actor=personas.national_admin)
    # then
    assert (draft.version, draft.status) == (2, TemplateStatus.DRAFT)
    assert draft.title == v1().title
    assert focus_keys(draft) == focus_keys(v1())
    assert draft.areas.count() == v1().areas.count()


def test_second_draft_is_refused(personas: Personas) -> None:
    create_template_draft(actor=personas.national_admin)
    with pytest.raises(ValidationError):
        create_template_draft(actor=personas.national_admin)
    assert MappingTemplate.objects.count() == 2


@pytest.mark.parametrize("who", ["consultant", "manager", "municipal_consultant"])
def test_house_staff_cannot_create_drafts(personas: Personas, who: str) -> None:
    # when / then
    with pytest.raises(PermissionDenied):
        create_template_draft(actor=getattr(personas.a, who))
    assert list(MappingTemplate.objects.values_list("version", flat=True)) == [1]


def test_draft_focus_areas_are_added_reworded_and_reordered(personas: Personas) -> None:
    # given
    admin = personas.national_admin
    draft = create_template_draft(actor=admin)
    # when
    added = set_focus_area(
        actor=admin, template=draft, area_key="customers_market", title="Digitalt salg", order=9
    )
    reworded = set_focus_area(
        actor=admin,
        template=draft,
        area_key="customers_market",
        key="sales",
        title="Salg og tilbud",
        guidance="Ny vejledning",
        order=0,
    )
    area = set_area(actor=admin, template=draft, title="Bæredygtighed")
    # then
    assert (added.key, added.order, added.area.key) == ("digitalt_salg", 9, "customers_market")
    assert (reworded.title, reworded.guidance, reworded.order) == (
        "Salg og tilbud",
        "Ny vejledning",
        0,
    )
    assert (area.key, area.order) == ("baeredygtighed", 7)
    assert MappingFocusArea.objects.get(area__template=v1(), key="sales").title == "Salg"


def test_focus_area_cannot_move_to_another_area(personas: Personas) -> None:
    admin = personas.national_admin
    draft = create_template_draft(actor=admin)
    with pytest.raises(ValidationError):
        set_focus_area(
            actor=admin, template=draft, area_key="business_concept", key="sales", title="Salg"
        )
    assert MappingFocusArea.objects.get(area__template=draft, key="sales").area.key == (
        "customers_market"
    )


def test_national_focus_area_cannot_be_removed_but_a_new_one_can(personas: Personas) -> None:
    # given
    admin = personas.national_admin
    draft = create_template_draft(actor=admin)
    new = set_focus_area(actor=admin, template=draft, area_key="customers_market", title="Ny")
    national = MappingFocusArea.objects.get(area__template=draft, key="sales")
    # when / then
    with pytest.raises(ValidationError):
        remove_focus_area(actor=admin, focus_area=national)
    remove_focus_area(actor=admin, focus_area=new)
    assert focus_keys(draft) == focus_keys(v1())


def test_national_area_cannot_be_removed(personas: Personas) -> None:
    admin = personas.national_admin
    draft = create_template_draft(actor=admin)
    with pytest.raises(ValidationError):
        remove_area(actor=admin, area=draft.areas.get(key="customers_market"))
    new = set_area(actor=admin, template=draft, title="Bæredygtighed")
    remove_area(actor=admin, area=new)
    assert draft.areas.count() == v1().areas.count()


def test_published_version_is_not_edited(personas: Personas) -> None:
    # given
    before = focus_keys(v1())
    # when / then
    with pytest.raises(ValidationError):
        set_focus_area(
            actor=personas.national_admin, template=v1(), area_key="customers_market", title="X"
        )
    assert focus_keys(v1()) == before


def test_consultant_cannot_edit_or_publish_draft(personas: Personas) -> None:
    # given
    draft = create_template_draft(actor=personas.national_admin)
    consultant = personas.a.consultant
    # when / then
    with pytest.raises(PermissionDenied):
        set_focus_area(actor=consultant, template=draft, area_key="customers_market", title="X")
    with pytest.raises(PermissionDenied):
        publish_template(actor=consultant, template=draft)
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT
    assert focus_keys(draft) == focus_keys(v1())


def test_publish_refuses_an_area_without_focus_areas(personas: Personas) -> None:
    admin = personas.national_admin
    draft = create_template_draft(actor=admin)
    set_area(actor=admin, template=draft, title="Tomt område")
    with pytest.raises(ValidationError):
        publish_template(actor=admin, template=draft)
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_mappings_after_publishing_use_new_version_old_keep_theirs(personas: Personas) -> None:
    # given
    admin, consultant, company = personas.national_admin, personas.a.consultant, personas.a.company
    old = start_mapping(actor=consultant, company=company, held_on=HELD_ON)
    draft = create_template_draft(actor=admin)
    set_focus_area(actor=admin, template=draft, area_key="customers_market", title="Digitalt salg")
    # a mapping started while the version is still a draft uses the version in force
    during = start_mapping(actor=consultant, company=company, held_on=HELD_ON)
    # when
    publish_template(actor=admin, template=draft)
    after = start_mapping(actor=consultant, company=company, held_on=HELD_ON)
    # then
    old.refresh_from_db()
    assert (old.template.version, during.template.version, after.template.version) == (1, 1, 2)
    assert MappingTemplate.objects.get(version=2).published_at is not None


def test_publish_carries_active_regional_questions_over(personas: Personas) -> None:
    # given
    admin, manager = personas.national_admin, personas.a.manager
    region = Region.objects.get(code=1084)
    kept = add_regional_question(actor=manager, region=region, text="Grøn omstilling?")
    dropped = add_regional_question(actor=manager, region=region, text="Gammelt spørgsmål")
    deactivate_regional_question(actor=manager, question=dropped)
    draft = create_template_draft(actor=admin)
    # when
    publish_template(actor=admin, template=draft)
    # then
    carried = RegionalQuestion.objects.filter(template=draft)
    assert [(q.key, q.text, q.region_id) for q in carried] == [(kept.key, kept.text, 1084)]


def test_house_manager_adds_updates_and_deactivates_own_region_questions(
    personas: Personas,
) -> None:
    # given
    manager = personas.a.manager
    region = Region.objects.get(code=1084)
    # when
    question = add_regional_question(
        actor=manager, region=region, text="Arbejder I med eksport?", answer_kind=AnswerKind.YES_NO
    )
    update_regional_question(actor=manager, question=question, text="Eksporterer I i dag?")
    deactivate_regional_question(actor=manager, question=question)
    # then
    question.refresh_from_db()
    assert (question.template.version, question.key, question.order) == (
        1,
        "arbejder_i_med_eksport",
        1,
    )
    assert (question.text, question.answer_kind, question.is_active) == (
        "Eksporterer I i dag?",
        AnswerKind.YES_NO,
        False,
    )


def test_house_b_manager_cannot_touch_region_a_questions(personas: Personas) -> None:
    # given
    question = add_regional_question(
        actor=personas.a.manager, region=Region.objects.get(code=1084), text="Spørgsmål A"
    )
    other = personas.b.manager
    # when / then
    with pytest.raises(PermissionDenied):
        add_regional_question(actor=other, region=Region.objects.get(code=1084), text="B's")
    with pytest.raises(PermissionDenied):
        update_regional_question(actor=other, question=question, text="Ændret af B")
    with pytest.raises(PermissionDenied):
        deactivate_regional_question(actor=other, question=question)
    question.refresh_from_db()
    assert (question.text, question.is_active) == ("Spørgsmål A", True)
    assert RegionalQuestion.objects.count() == 1


def test_growth_consultant_cannot_add_questions(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        add_regional_question(
            actor=personas.a.consultant, region=Region.objects.get(code=1084), text="Nej"
        )
    assert not RegionalQuestion.objects.exists()


def test_national_admin_manages_any_region_questions(personas: Personas) -> None:
    question = add_regional_question(
        actor=personas.national_admin, region=Region.objects.get(code=1082), text="Til B"
    )
    assert question.region_id == 1082


def test_answer_kind_is_fixed_once_answered(personas: Personas) -> None:
    # given
    manager, consultant = personas.a.manager, personas.a.consultant
    question = add_regional_question(
        actor=manager, region=Region.objects.get(code=1084), text="Hvor mange?"
    )
    mapping = start_mapping(actor=consultant, company=personas.a.company, held_on=HELD_ON)
    record_answers(actor=consultant, mapping=mapping, regional_answers={question.key: "3"})
    # when / then
    with pytest.raises(ValidationError):
        update_regional_question(
            actor=manager, question=question, text="Hvor mange?", answer_kind=AnswerKind.NUMBER
        )
    question.refresh_from_db()
    assert question.answer_kind == AnswerKind.TEXT


def test_regional_questions_appear_in_mappings_of_that_region_only(personas: Personas) -> None:
    # given
    question = add_regional_question(
        actor=personas.a.manager, region=Region.objects.get(code=1084), text="Kun region A"
    )
    mapping_a = start_mapping(
        actor=personas.a.consultant, company=personas.a.company, held_on=HELD_ON
    )
    mapping_b = start_mapping(
        actor=personas.b.consultant, company=personas.b.company, held_on=HELD_ON
    )
    # when
    record_answers(
        actor=personas.a.consultant, mapping=mapping_a, regional_answers={question.key: "Ja"}
    )
    # then
    with pytest.raises(ValidationError):
        record_answers(
            actor=personas.b.consultant, mapping=mapping_b, regional_answers={question.key: "Ja"}
        )
    assert list(RegionalAnswer.objects.values_list("mapping_id", "value")) == [(mapping_a.pk, "Ja")]


def test_question_of_an_earlier_version_is_not_changed(personas: Personas) -> None:
    # given
    admin, manager = personas.national_admin, personas.a.manager
    old = add_regional_question(actor=manager, region=Region.objects.get(code=1084), text="Før")
    publish_template(actor=admin, template=create_template_draft(actor=admin))
    # when / then
    with pytest.raises(ValidationError):
        update_regional_question(actor=manager, question=old, text="Efter")
    old.refresh_from_db()
    assert old.text == "Før"
    assert MappingArea.objects.filter(template__version=2).count() == 6
