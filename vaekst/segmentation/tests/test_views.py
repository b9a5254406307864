"""The level pages as a specification: who reads and edits what, the draft workflow with its
preview, the company section, the overview with scoring runs, and hidden potential."""

import datetime
import io
import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.formats import date_format
from lxml import html as lxml_html
from openpyxl import load_workbook

from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.segmentation.choices import RuleSetScope, RuleSetStatus, RunStatus
from vaekst.segmentation.models import Assessment, Criterion, LevelLabel, RuleSet, ScoringRun
from vaekst.segmentation.services import create_draft, request_scoring, set_criterion
from vaekst.segmentation.tests.conftest import ASSESSED_ON
from vaekst.web.tests.references import reference_problems

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HTMX = {"HX-Request": "true"}


def counts() -> dict[str, int]:
    return {
        "rule_sets": RuleSet.objects.count(),
        "criteria": Criterion.objects.count(),
        "labels": LevelLabel.objects.count(),
        "assessments": Assessment.objects.count(),
        "runs": ScoringRun.objects.count(),
    }


@pytest.fixture
def region_draft(personas: Any) -> RuleSet:
    return create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)


def _url(name: str, rule_set: RuleSet, *args: Any) -> str:
    return reverse(f"segmentation:{name}", args=[rule_set.public_id, *args])


# --- the level configuration ---------------------------------------------------------------


def test_consultant_reads_levels_in_force_with_the_regions_nuance(client: Client, personas) -> None:
    # given region 1084 raised the established threshold and renamed the top level
    draft = create_draft(
        actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084, note="Lokal vægt"
    )
    set_criterion(
        actor=personas.a.manager,
        rule_set=draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=3,
    )
    from vaekst.segmentation.services import publish, set_label

    set_label(actor=personas.a.manager, rule_set=draft, level_key="high", external_name="Gazelle")
    publish(actor=personas.a.manager, rule_set=draft, effective_from=datetime.date(2020, 1, 1))
    client.force_login(personas.a.consultant)
    # when
    response = client.get(reverse("segmentation:levels"))
    # then
    assert response.status_code == 200
    levels = response.context["configuration"].rules.levels
    assert [(level.key, level.external_name) for level in levels] == [
        ("high", "Gazelle"),
        ("potential", "Vækstløft"),
        ("established", "Udvikling"),
        ("base", "Start"),
    ]
    assert "Ansatte ≥ 3" in response.text
    assert "regionalt, ændret fra 1" in response.text
    assert "Lokalt navn for high: Gazelle" in response.text
    assert [(v.scope, v.version, v.status) for v in response.context["versions"]] == [
        ("national", 1, "published"),
        ("region", 1, "published"),
    ]
    # a consultant may not create drafts for the region
    assert response.context["editable_scope"] is None


def test_other_region_does_not_see_the_nuance_in_force(client: Client, personas) -> None:
    create_draft(actor=personas.a.manager, scope=RuleSetScope.REGION, region=1084)
    client.force_login(personas.b.manager)
    response = client.get(reverse("segmentation:levels"))
    assert response.status_code == 200
    assert response.context["configuration"].nuances == []
    assert [v.scope for v in response.context["versions"]] == ["national"]
    assert response.context["editable_scope"] == ("region", 1082, None)


@pytest.mark.parametrize("persona", ["company_user", "partner_advisor"])
def test_firms_and_partners_are_refused_the_level_pages(client: Client, personas, persona) -> None:
    user = personas.a.company_user if persona == "company_user" else personas.partner_advisor
    client.force_login(user)
    for name in ("levels", "overview", "hidden_potential"):
        assert client.get(reverse(f"segmentation:{name}")).status_code == 403


def test_anonymous_is_sent_to_login(client: Client, personas) -> None:
    response = client.get(reverse("segmentation:levels"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


# --- the draft workflow ----------------------------------------------------------------------


def test_house_manager_creates_a_draft_for_the_region(client: Client, personas) -> None:
    client.force_login(personas.a.manager)
    response = client.post(
        reverse("segmentation:draft_create"),
        {"effective_from": "2026-01-01", "note": "Flere ansatte"},
    )
    draft = RuleSet.objects.get(scope=RuleSetScope.REGION)
    assert response.status_code == 302
    assert response["Location"] == _url("rule_set_detail", draft)
    assert (draft.region_id, draft.version, draft.status, draft.note) == (
        1084,
        1,
        RuleSetStatus.DRAFT,
        "Flere ansatte",
    )
    assert draft.author == personas.a.manager


def test_growth_consultant_cannot_create_a_draft(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    before = counts()
    response = client.post(reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"})
    assert response.status_code == 403
    assert counts() == before


def test_second_draft_is_refused_with_an_alert(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.manager)
    before = counts()
    response = client.post(
        reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"}, follow=True
    )
    assert "Der findes allerede en kladde for dette område" in response.text
    assert 'class="alert alert-error' in response.text
    assert counts() == before


def test_manager_overrides_a_national_threshold_inline(
    client: Client, personas, region_draft
) -> None:
    client.force_login(personas.a.manager)
    response = client.post(
        _url("criterion_set", region_draft),
        {
            "level_key": "established",
            "indicator": "employees",
            "operator": "gte",
            "value": "2,5",
            "group": "0",
            "note": "",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "segmentation/_editor.html"
    criterion = Criterion.objects.get(rule_set=region_draft)
    assert (criterion.level_key, criterion.indicator, criterion.value) == (
        "established",
        "employees",
        2.5,
    )
    assert response.context["rows"][0]["replaces"] == 1
    assert "Kriteriet er gemt." in response.text
    assert json.loads(response.headers["HX-Trigger-After-Settle"]) == {
        "vaekst:announce": {"message": "Kriteriet er gemt.", "focus": ""}
    }
    # then change the threshold in place, and remove it again
    response = client.post(
        _url("criterion_threshold", region_draft, criterion.pk),
        {f"c{criterion.pk}-value": "4"},
        headers=HTMX,
    )
    assert response.status_code == 200
    criterion.refresh_from_db()
    assert criterion.value == 4.0
    response = client.post(_url("criterion_remove", region_draft, criterion.pk), headers=HTMX)
    assert response.status_code == 200
    assert not Criterion.objects.filter(rule_set=region_draft).exists()


def _html(response: Any) -> Any:
    return lxml_html.fromstring(response.content.decode())


def _error_of(document: Any, element: Any) -> str:
    """The error text an element's aria-describedby points at (the first that is an error)."""
    for name in (element.get("aria-describedby") or "").split():
        (target,) = document.xpath(f"//*[@id='{name}']")
        if "form-error-message" in (target.get("class") or ""):
            return " ".join(target.text_content().split())
    raise AssertionError(f"no error linked to {lxml_html.tostring(element)!r}")


def _first_invalid(document: Any) -> str:
    # htmx-a11y.js focuses the first element marked aria-invalid in the swapped content
    return document.xpath("(//*[@aria-invalid='true'])[1]")[0].get("name")


def test_invalid_threshold_is_shown_at_its_field_with_what_was_typed_and_changes_nothing(
    client: Client, personas, region_draft
) -> None:
    # given a manager editing the region's draft
    client.force_login(personas.a.manager)
    before = counts()
    # when they give a word for a number
    response = client.post(
        _url("criterion_set", region_draft),
        {
            "level_key": "established",
            "indicator": "employees",
            "operator": "gte",
            "value": "mange",
            "group": "2",
            "note": "Efter aftale",
        },
        headers=HTMX,
    )
    # then the fragment comes back (htmx swaps only 2xx) with the form open, the error at the
    # threshold and linked to it, where the focus goes, and everything typed still there
    assert response.status_code == 200
    assert "HX-Trigger-After-Settle" not in response.headers  # nothing to announce
    document = _html(response)
    (form,) = document.xpath("//form[.//input[@name='group']]")
    assert form.xpath("ancestor::details")[0].get("open") is not None
    (value,) = form.xpath(".//input[@name='value']")
    assert value.get("aria-invalid") == "true"
    assert _error_of(document, value) == "Fejl: Tærsklen skal være et tal: 'mange'"
    assert _first_invalid(document) == "value"
    assert value.get("value") == "mange"
    assert form.xpath(".//input[@name='group']/@value") == ["2"]
    assert form.xpath(".//input[@name='note']/@value") == ["Efter aftale"]
    assert form.xpath(".//select[@name='level_key']/option[@selected]/@value") == ["established"]
    assert form.xpath(".//select[@name='indicator']/option[@selected]/@value") == ["employees"]
    assert document.xpath("//*[@role='alert']") == []  # not a far-away alert
    assert reference_problems(f"<html><body>{response.content.decode()}</body></html>") == []
    assert counts() == before


def test_invalid_criterion_without_htmx_is_the_page_again_with_status_400(
    client: Client, personas, region_draft
) -> None:
    client.force_login(personas.a.manager)
    before = counts()
    response = client.post(
        _url("criterion_set", region_draft),
        {"level_key": "established", "indicator": "employees", "operator": "gte", "group": "0"},
    )
    assert response.status_code == 400
    document = _html(response)
    (value,) = document.xpath("//input[@name='value']")
    assert _error_of(document, value) == "Fejl: Tærsklen skal være et tal: ''"
    assert reference_problems(response.content.decode()) == []
    assert counts() == before


def test_invalid_inline_threshold_stays_in_its_row_with_the_error_linked(
    client: Client, personas, region_draft
) -> None:
    # given a criterion of the draft
    criterion = set_criterion(
        actor=personas.a.manager,
        rule_set=region_draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=3,
    )
    client.force_login(personas.a.manager)
    # when its threshold is changed to a word
    name = f"c{criterion.pk}-value"
    response = client.post(
        _url("criterion_threshold", region_draft, criterion.pk), {name: "tre"}, headers=HTMX
    )
    # then the row's field keeps the word, marked and linked to its error
    assert response.status_code == 200
    document = _html(response)
    (field,) = document.xpath(f"//input[@name='{name}']")
    assert (field.get("value"), field.get("aria-invalid")) == ("tre", "true")
    assert _error_of(document, field) == "Fejl: Tærsklen skal være et tal: 'tre'"
    assert _first_invalid(document) == name
    criterion.refresh_from_db()
    assert criterion.value == 3.0


def test_invalid_local_name_stays_in_its_row_with_the_error_linked(
    client: Client, personas, region_draft
) -> None:
    client.force_login(personas.a.manager)
    before = counts()
    too_long = "Top" * 34  # 102 characters, 100 allowed
    response = client.post(
        _url("label_set", region_draft),
        {"level_key": "high", "external_name": too_long},
        headers=HTMX,
    )
    assert response.status_code == 200
    document = _html(response)
    (field,) = document.xpath("//input[@id='label-high']")
    assert (field.get("value"), field.get("aria-invalid")) == (too_long, "true")
    assert _error_of(document, field) == ("Fejl: Denne værdi må højst have 100 tegn (den har 102).")
    assert document.xpath("//input[@id='label-potential']/@aria-invalid") == []
    assert _first_invalid(document) == "external_name"
    assert counts() == before


def test_invalid_level_is_shown_at_its_fields_with_what_was_typed(client: Client, personas) -> None:
    # given a national draft
    client.force_login(personas.national_admin)
    client.post(reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"})
    draft = RuleSet.objects.get(scope=RuleSetScope.NATIONAL, status=RuleSetStatus.DRAFT)
    levels_before = list(draft.levels.values_list("key", flat=True))
    # when a level is given without a rank or an internal name
    response = client.post(
        _url("level_set", draft),
        {"key": "base", "rank": "0", "internal_name": "", "external_name": "Begyndelse"},
        headers=HTMX,
    )
    # then both errors are at their fields, the focus goes to the first, the rest is kept
    assert response.status_code == 200
    document = _html(response)
    (form,) = document.xpath("//form[.//input[@name='rank']]")
    assert form.xpath("ancestor::details")[0].get("open") is not None
    (rank,) = form.xpath(".//input[@name='rank']")
    (internal,) = form.xpath(".//input[@name='internal_name']")
    assert _error_of(document, rank) == "Fejl: Denne værdi skal være større end eller lig 1."
    assert _error_of(document, internal) == "Fejl: Dette felt er påkrævet."
    assert _first_invalid(document) == "rank"
    assert form.xpath(".//input[@name='key']/@value") == ["base"]
    assert form.xpath(".//input[@name='external_name']/@value") == ["Begyndelse"]
    assert list(draft.levels.values_list("key", flat=True)) == levels_before


def test_invalid_draft_date_is_the_levels_page_again_with_the_form_open(
    client: Client, personas
) -> None:
    client.force_login(personas.a.manager)
    before = counts()
    response = client.post(
        reverse("segmentation:draft_create"),
        {"effective_from": "1. januar", "note": "Flere ansatte"},
    )
    assert response.status_code == 400
    document = _html(response)
    (form,) = document.xpath("//form[.//input[@name='effective_from']]")
    assert form.xpath("ancestor::details")[0].get("open") is not None
    (date,) = form.xpath(".//input[@name='effective_from']")
    assert date.get("value") == "1. januar"
    assert _error_of(document, date) == "Fejl: Indtast en gyldig dato."
    assert form.xpath(".//textarea[@name='note']")[0].text_content().strip() == "Flere ansatte"
    assert reference_problems(response.content.decode()) == []
    assert counts() == before


def test_house_b_manager_cannot_edit_house_a_nuance(client: Client, personas, region_draft) -> None:
    client.force_login(personas.b.manager)
    before = counts()
    response = client.post(
        _url("criterion_set", region_draft),
        {
            "level_key": "established",
            "indicator": "employees",
            "operator": "gte",
            "value": "9",
            "group": "0",
        },
    )
    assert response.status_code == 403
    assert "Du må ikke redigere dette regelsæt" in response.text
    response = client.post(
        _url("label_set", region_draft), {"level_key": "high", "external_name": "X"}
    )
    assert response.status_code == 403
    response = client.post(
        _url("rule_set_publish", region_draft),
        {"effective_from": "2026-01-01", "confirm": "on"},
    )
    assert response.status_code == 403
    assert counts() == before
    region_draft.refresh_from_db()
    assert region_draft.status == RuleSetStatus.DRAFT
    # and the preview of A's firms is refused too
    assert client.get(_url("rule_set_preview", region_draft)).status_code == 403


def test_firm_user_cannot_see_a_rule_set(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.company_user)
    before = counts()
    assert client.get(_url("rule_set_detail", region_draft)).status_code == 403
    response = client.post(_url("note_set", region_draft), {"note": "x"})
    assert response.status_code == 403
    assert counts() == before


def test_local_label_and_note_are_saved(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.manager)
    client.post(_url("label_set", region_draft), {"level_key": "high", "external_name": "Top"})
    client.post(_url("note_set", region_draft), {"note": "Begrundet i strategien"})
    region_draft.refresh_from_db()
    assert region_draft.note == "Begrundet i strategien"
    assert dict(region_draft.labels.values_list("level_key", "external_name")) == {"high": "Top"}


def test_national_admin_adds_a_level_to_a_national_draft(client: Client, personas) -> None:
    client.force_login(personas.national_admin)
    client.post(reverse("segmentation:draft_create"), {"effective_from": "2026-01-01"})
    draft = RuleSet.objects.get(scope=RuleSetScope.NATIONAL, status=RuleSetStatus.DRAFT)
    response = client.post(
        _url("level_set", draft),
        {
            "key": "base",
            "rank": "4",
            "internal_name": "Iværksætter",
            "external_name": "Begyndelse",
            "description": "",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    base = draft.levels.get(key="base")
    assert (base.internal_name, base.external_name) == ("Iværksætter", "Begyndelse")


def test_preview_counts_the_firms_that_would_move(
    client: Client, personas, scored, region_draft
) -> None:
    # given the region's draft asks 7 employees of an established firm (Kbh Stabil has 6)
    set_criterion(
        actor=personas.a.manager,
        rule_set=region_draft,
        level_key="established",
        indicator="employees",
        operator="gte",
        value=7,
    )
    client.force_login(personas.a.manager)
    # when
    response = client.get(_url("rule_set_preview", region_draft), headers=HTMX)
    # then four firms of region 1084 are placed, and one moves from established to base
    assert response.status_code == 200
    result = response.context["preview"]
    assert (result.firms, result.moved) == (4, 1)
    matrix = {
        row["key"]: [cell["count"] for cell in row["cells"]] for row in response.context["matrix"]
    }
    assert matrix == {
        "high": [1, 0, 0, 0],
        "potential": [0, 1, 0, 0],
        "established": [0, 0, 0, 1],
        "base": [0, 0, 0, 1],
    }
    assert response.context["after"] == [1, 1, 0, 2]
    assert response.context["chart"]["datasets"][0]["data"] == [1, 1, 1, 1]
    assert "1 af 4 virksomheder ville skifte niveau." in response.text


def test_growth_consultant_cannot_publish(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.consultant)
    before = counts()
    response = client.post(
        _url("rule_set_publish", region_draft),
        {"effective_from": "2026-01-01", "confirm": "on"},
    )
    assert response.status_code == 403
    region_draft.refresh_from_db()
    assert region_draft.status == RuleSetStatus.DRAFT
    assert counts() == before


def test_publishing_needs_the_confirmation(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.manager)
    response = client.post(_url("rule_set_publish", region_draft), {"effective_from": "2026-01-02"})
    assert response.status_code == 400
    assert "Angiv datoen og bekræft offentliggørelsen." in response.text
    # the confirmation is marked and linked to its error, the date kept
    document = _html(response)
    (confirm,) = document.xpath("//input[@name='confirm']")
    assert confirm.get("aria-invalid") == "true"
    assert _error_of(document, confirm) == "Fejl: Dette felt er påkrævet."
    assert document.xpath("//input[@name='effective_from']/@value") == ["2026-01-02"]
    assert reference_problems(response.content.decode()) == []
    region_draft.refresh_from_db()
    assert region_draft.status == RuleSetStatus.DRAFT


def test_manager_publishes_with_an_effective_date(client: Client, personas, region_draft) -> None:
    client.force_login(personas.a.manager)
    response = client.post(
        _url("rule_set_publish", region_draft),
        {"effective_from": "2026-03-01", "confirm": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("segmentation:levels")
    region_draft.refresh_from_db()
    assert region_draft.status == RuleSetStatus.PUBLISHED
    assert region_draft.effective_from == datetime.date(2026, 3, 1)
    assert region_draft.published_by == personas.a.manager


# --- the company section ----------------------------------------------------------------------


def _company_url(company: Any) -> str:
    return reverse("register:company_detail", args=[company.cvr])


def test_company_page_shows_level_explanation_and_history(client: Client, personas, scored) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(_company_url(scored["grower"]))
    assert response.status_code == 200
    section = next(s for s in response.context["sections"] if "segmentation" in s.template_name)
    view = section.context["view"]
    assert (view.level.key, view.level.internal_name) == ("high", "Højt vækstpotentiale")
    assert "1. Højt vækstpotentiale" in response.text
    assert "eksternt navn: Vækstacceleration" in response.text
    # growth as a percentage with the firm's value, passed or not, and where the rule came from
    growth = next(
        line
        for line in view.explanation
        if line.level_key == "high" and line.indicator == "employee_growth_3y"
    )
    assert growth.passed is True
    assert "26,0 %" in response.text  # (20/10)^(1/3) - 1
    assert "&gt; 10,0 %" in response.text
    assert [p.level_key for p in section.context["view"].history] == ["high"]
    dated = f"vurderet {date_format(ASSESSED_ON)}"
    assert f"Vilje 5 og kapacitet 4 (af 5), {dated}" in response.text
    # and the explanation dates the ambition and capacity it used
    ambition = next(line for line in view.explanation if line.indicator == "ambition")
    assert (ambition.value, ambition.assessed_on) == (5, ASSESSED_ON.isoformat())
    assert f"({dated})" in response.text
    assert section.context["can_assess"] is True


def test_company_page_of_a_scored_firm_query_count_is_bounded(
    client: Client, personas, predicted, django_assert_max_num_queries
) -> None:
    # given a scored firm with a predicted chance, an assessment and a level history
    client.force_login(personas.a.consultant)
    # when its page is opened, then the level section (score with its run and rules,
    # history, last run, assessment) adds a fixed number of queries to the page (and
    # programmes four: its section's enrolments and networks, and their timeline entries)
    with django_assert_max_num_queries(27):
        response = client.get(_company_url(predicted["grower"]))
    assert response.status_code == 200
    assert "Forudsagt chance for høj vækst" in response.text


def test_company_user_sees_only_the_external_name(client: Client, personas, scored) -> None:
    client.force_login(personas.a.company_user)
    response = client.get(_company_url(scored["grower"]))
    assert response.status_code == 200
    assert "Vækstacceleration" in response.text
    assert "Højt vækstpotentiale" not in response.text
    assert "Forklaring" not in response.text
    assert "Registrér en ny vurdering" not in response.text


def test_caseworker_records_an_assessment_with_htmx(client: Client, personas, scored) -> None:
    client.force_login(personas.a.consultant)
    response = client.post(
        reverse("segmentation:assessment_create", args=[scored["steady"].cvr]),
        {"ambition": "4", "capacity": "3", "assessed_on": "2026-02-01", "note": "Vil gerne"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assessment = Assessment.objects.get(company=scored["steady"])
    assert (assessment.ambition, assessment.capacity, assessment.assessed_by) == (
        4,
        3,
        personas.a.consultant,
    )
    assert "Vurderingen er registreret." in response.text
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, object_type="segmentation.assessment"
        ).count()
        == 1
    )


def test_assessment_out_of_range_is_refused(client: Client, personas, scored) -> None:
    client.force_login(personas.a.consultant)
    before = counts()
    response = client.post(
        reverse("segmentation:assessment_create", args=[scored["steady"].cvr]),
        {"ambition": "7", "capacity": "3", "assessed_on": "2026-02-01"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.context["section"]["form"].errors["ambition"]
    assert counts() == before


def test_consultant_of_other_house_cannot_assess_the_firm(client: Client, personas, scored) -> None:
    before = counts()
    client.force_login(personas.b.consultant)
    url = reverse("segmentation:assessment_create", args=[scored["steady"].cvr])
    response = client.post(url, {"ambition": "4", "capacity": "3", "assessed_on": "2026-02-01"})
    assert response.status_code == 404
    client.force_login(personas.a.company_user)
    url = reverse("segmentation:assessment_create", args=[scored["grower"].cvr])
    response = client.post(url, {"ambition": "4", "capacity": "3", "assessed_on": "2026-02-01"})
    assert response.status_code == 403
    assert counts() == before


# --- the overview and scoring runs -----------------------------------------------------------


def test_house_overview_counts_firms_by_level_per_municipality(
    client: Client, personas, scored, django_assert_max_num_queries
) -> None:
    client.force_login(personas.a.manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("segmentation:overview"))
    assert response.status_code == 200
    table = response.context["counts"]
    assert [key for key, _name in table.levels] == ["high", "potential", "established", "base"]
    rows = {row.name: row.counts for row in table.rows if row.total}
    assert rows == {"København": [1, 0, 1, 1], "Frederiksberg": [0, 1, 0, 0]}
    assert len(table.rows) == 29  # every municipality of Region Hovedstaden
    assert table.totals == [1, 1, 1, 1]
    assert response.context["chart"]["type"] == "stacked"
    assert response.context["may_request_scoring"] is True
    assert response.context["run"].status == RunStatus.DONE


def test_overview_query_count_does_not_grow_with_the_register(
    client: Client, personas, scored, django_assert_max_num_queries
) -> None:
    from conftest import make_company
    from vaekst.segmentation.tests.conftest import panel

    for index in range(15):
        panel(
            make_company(municipality_code=151, name=f"Ballerup {index}", rng_seed=900 + index),
            [3, 3, 3, 3],
        )
    from vaekst.segmentation.scoring import run_scoring

    run_scoring(request_scoring(actor=None))
    client.force_login(personas.a.manager)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("segmentation:overview"))
    assert response.context["counts"].total == 19


def test_municipality_sees_only_its_own_row_and_national_sees_regions(
    client: Client, personas, scored
) -> None:
    client.force_login(personas.a.municipal_consultant)
    table = client.get(reverse("segmentation:overview")).context["counts"]
    assert [(row.name, row.counts) for row in table.rows] == [("København", [1, 0, 1, 1])]
    client.force_login(personas.national_admin)
    table = client.get(reverse("segmentation:overview")).context["counts"]
    assert table.by == "region"
    totals = {row.code: row.total for row in table.rows}
    assert (totals[1084], totals[1082]) == (4, 1)


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_manager_starts_a_scoring_run_for_the_region(client: Client, personas, scored) -> None:
    client.force_login(personas.a.manager)
    response = client.post(reverse("segmentation:scoring_request"))
    assert response.status_code == 302
    run = ScoringRun.objects.order_by("-created_at").first()
    assert run is not None
    assert (run.region_id, run.municipality_id, run.requested_by) == (
        1084,
        None,
        personas.a.manager,
    )
    assert run.status == RunStatus.DONE  # the immediate backend ran it
    assert run.summary["firms"] == 4


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_consultant_cannot_start_a_scoring_run(client: Client, personas, scored) -> None:
    client.force_login(personas.a.consultant)
    before = counts()
    assert client.post(reverse("segmentation:scoring_request")).status_code == 403
    assert counts() == before


def test_progress_fragment_polls_while_running_and_stops_when_done(
    client: Client, personas
) -> None:
    run = request_scoring(actor=personas.a.manager, region=1084)
    ScoringRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress_done=3, progress_total=4, progress_stage="Placerer"
    )
    client.force_login(personas.a.manager)
    url = reverse("segmentation:run_status", args=[run.public_id])
    response = client.get(url, headers=HTMX)
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in response.text
    assert "Placerer: 75 %" in response.text
    assert '<progress id="run-progress-bar" max="100" value="75">' in response.text
    ScoringRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress_done=4)
    response = client.get(url, headers=HTMX)
    assert "hx-trigger" not in response.text
    assert "Færdig" in response.text


def test_other_house_cannot_follow_the_run(client: Client, personas) -> None:
    run = request_scoring(actor=personas.a.manager, region=1084)
    client.force_login(personas.b.manager)
    assert client.get(reverse("segmentation:run_status", args=[run.public_id])).status_code == 404


# --- hidden potential --------------------------------------------------------------------------


def test_hidden_potential_lists_the_regions_candidates(
    client: Client, personas, predicted, django_assert_max_num_queries
) -> None:
    client.force_login(personas.a.consultant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("segmentation:hidden_potential"))
    assert response.status_code == 200
    assert response.context["result"].scored == 4
    assert [s.company.name for s in response.context["page"].items] == ["Frb Vækst ApS"]
    assert "95,0 %" in response.text
    assert (
        reverse("register:company_detail", args=[predicted["frederiksberg"].cvr]) in response.text
    )
    # narrowed to København, the best chance there is the top-level firm: no candidates
    response = client.get(reverse("segmentation:hidden_potential"), {"municipality": "101"})
    assert list(response.context["page"].items) == []


def test_hidden_potential_of_other_region_shows_nothing_of_ours(
    client: Client, personas, predicted
) -> None:
    client.force_login(personas.b.consultant)
    response = client.get(reverse("segmentation:hidden_potential"), {"municipality": "101"})
    # København is not a choice for house B: the filter falls back to their own region
    assert response.context["form"].errors
    assert [s.company.name for s in response.context["page"].items] == ["Firma B ApS"]
    assert "Frb Vækst ApS" not in response.text


def test_hidden_potential_exports_excel_and_audits_it(client: Client, personas, predicted) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(reverse("segmentation:hidden_potential"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="skjult-potentiale-')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][:2] == (predicted["frederiksberg"].cvr_display, "Frb Vækst ApS")
    assert len(rows) == 3
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == personas.a.consultant
    assert entry.object_type == "organisations.organisation"
    assert entry.changes == {"export": "hidden_potential", "region": 1084, "municipality": None}


def test_firm_user_cannot_export(client: Client, personas, predicted) -> None:
    client.force_login(personas.a.company_user)
    response = client.get(reverse("segmentation:hidden_potential"), {"format": "xlsx"})
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_editable_draft_page_has_unique_ids_and_resolving_references(
    client: Client, personas, region_draft
) -> None:
    # the criterion form and the note form both have a `note` field
    client.force_login(personas.a.manager)
    response = client.get(_url("rule_set_detail", region_draft))
    assert response.status_code == 200
    assert reference_problems(response.content.decode()) == []
    assert 'id="id_criterion_note"' in response.text
    assert 'id="id_note"' in response.text


def test_a_local_name_for_no_level_is_refused_with_an_alert(
    client: Client, personas, region_draft
) -> None:
    # the level is a hidden field no one types: its error has no field to stand at
    client.force_login(personas.a.manager)
    before = counts()
    response = client.post(
        _url("label_set", region_draft), {"level_key": "", "external_name": "Top"}, headers=HTMX
    )
    assert response.status_code == 200
    (alert,) = _html(response).xpath("//*[@role='alert']")
    assert " ".join(alert.text_content().split()) == "Fejl Dette felt er påkrævet."
    assert counts() == before
