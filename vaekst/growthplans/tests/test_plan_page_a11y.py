"""The plan page for keyboard and screen reader users: an open edit row and the add forms
together use each id once, an invalid item keeps its form open with what was typed and the
error at the field, and a saved item is announced with the focus put on its row."""

import json
from typing import Any

import pytest
from django.test import Client
from lxml import html as lxml_html

from conftest import Personas
from vaekst.growthplans.models import GrowthPlan, PlanAction, PlanMilestone
from vaekst.web.tests.references import reference_problems

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(plan: GrowthPlan, suffix: str = "") -> str:
    return f"/vaekstplaner/{plan.public_id}/{suffix}"


def _page_with(page: str, **fragments: str) -> str:
    """The page as htmx leaves it: each fragment put where its element's id says."""
    document = lxml_html.document_fromstring(page)
    for target, fragment in fragments.items():
        (element,) = document.xpath(f"//*[@id='{target}']")
        if target.startswith("add-"):
            element.text = None
            for child in list(element):
                element.remove(child)
            element.append(lxml_html.fragment_fromstring(fragment, create_parent="div"))
        else:  # an edit row goes after the item's own row
            row = lxml_html.fragment_fromstring(f"<table>{fragment}</table>").xpath("//tr")[0]
            element.addnext(row)
    return lxml_html.tostring(document, encoding="unicode")


def test_an_open_edit_row_and_the_add_forms_use_each_id_once(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given the plan page with the first milestone's edit row and all three add forms open
    client = _client(personas.a.consultant)
    page = client.get(_url(plan_a)).content.decode()
    milestone = PlanMilestone.objects.filter(plan=plan_a).order_by("order", "id").first()
    assert milestone is not None
    action = PlanAction.objects.filter(plan=plan_a).order_by("order", "id").first()
    assert action is not None
    fragments = {
        f"milestone-{milestone.public_id}": client.get(
            _url(plan_a, f"milepaele/{milestone.public_id}/")
        ).content.decode(),
        f"action-{action.public_id}": client.get(
            _url(plan_a, f"aktiviteter/{action.public_id}/")
        ).content.decode(),
    }
    for kind in ("maal", "milepaele", "aktiviteter"):
        fragments[f"add-{kind}"] = client.get(_url(plan_a, f"{kind}/")).content.decode()
    # when they are put together as htmx would
    combined = _page_with(page, **fragments)
    # then no id is used twice and every label and description finds its field
    assert reference_problems(combined) == []
    document = lxml_html.document_fromstring(combined)
    add_title = document.xpath("//*[@id='add-milepaele']//label[text()='Milepæl']")[0]
    edit_title = document.xpath("//tr[@class='inline-edit']//label[text()='Milepæl']")[0]
    assert add_title.get("for") == "id_add-milestone-title"
    assert edit_title.get("for") == f"id_{milestone.public_id.hex[:12]}-milestone-title"


def test_an_invalid_action_keeps_its_form_open_with_the_values_and_the_error_at_the_field(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given an action with a date that is not one
    data = {
        "action-revision": "4",
        "action-title": "Messe i Hamborg",
        "action-owner_kind": "firm",
        "action-due_on": "2026-13-45",
    }
    # when it is added through htmx
    response = _client(personas.a.consultant).post(
        _url(plan_a, "aktiviteter/"), data, HTTP_HX_REQUEST="true"
    )
    # then nothing was added, and the add form comes back into its own place
    assert PlanAction.objects.filter(plan=plan_a).count() == 2
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#add-aktiviteter"
    assert response["HX-Reswap"] == "innerHTML"
    markup = f"<html><body><div id='add-aktiviteter'>{response.content.decode()}</div></body>"
    document = lxml_html.document_fromstring(markup)
    assert document.xpath("//input[@name='action-title']/@value") == ["Messe i Hamborg"]
    assert document.xpath("//input[@name='action-due_on']/@value") == ["2026-13-45"]
    (due,) = document.xpath("//input[@name='action-due_on']")
    assert due.get("aria-invalid") == "true"
    assert due.get("aria-describedby") == "id_add-action-due_on_error"
    error = document.xpath("//*[@id='id_add-action-due_on_error']")[0].text_content()
    assert error.strip() == "Fejl: Indtast en gyldig dato."
    assert reference_problems(markup) == []


def test_a_refusal_of_the_service_is_shown_at_the_field_it_names(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given a capital source as owner, but neither an organisation nor a person named
    data = {
        "action-revision": "4",
        "action-title": "Lån til maskiner",
        "action-owner_kind": "capital_source",
    }
    # when
    response = _client(personas.a.consultant).post(
        _url(plan_a, "aktiviteter/"), data, HTTP_HX_REQUEST="true"
    )
    # then
    assert PlanAction.objects.filter(plan=plan_a).count() == 2
    document = lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")
    (person,) = document.xpath("//input[@name='action-owner_person']")
    assert person.get("aria-invalid") == "true"
    assert person.get("aria-describedby") == (
        "id_add-action-owner_person_helptext id_add-action-owner_person_error"
    )
    error = document.xpath("//*[@id='id_add-action-owner_person_error']")[0].text_content()
    assert "Navngiv den ansvarlige" in error
    assert document.xpath("//input[@name='action-title']/@value") == ["Lån til maskiner"]


def test_without_htmx_an_invalid_action_shows_the_page_with_the_form_open(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    data = {"action-revision": "4", "action-title": "", "action-owner_kind": "firm"}
    response = _client(personas.a.consultant).post(_url(plan_a, "aktiviteter/"), data)
    assert response.status_code == 400
    document = lxml_html.document_fromstring(response.content.decode())
    (details,) = document.xpath("//details[.//*[@id='add-aktiviteter']]")
    assert details.get("open") is not None
    (title,) = document.xpath("//*[@id='add-aktiviteter']//input[@name='action-title']")
    assert title.get("aria-invalid") == "true"
    assert PlanAction.objects.filter(plan=plan_a).count() == 2


def test_an_added_action_is_announced_and_its_row_named_for_the_focus(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # when a valid action is added through htmx
    data = {"action-revision": "4", "action-title": "Messe i Hamborg", "action-owner_kind": "firm"}
    response = _client(personas.a.consultant).post(
        _url(plan_a, "aktiviteter/"), data, HTTP_HX_REQUEST="true"
    )
    # then the announcement says so and names the new row, which is in the new body
    action = PlanAction.objects.get(plan=plan_a, title="Messe i Hamborg")
    trigger = json.loads(response["HX-Trigger-After-Settle"])
    assert trigger == {
        "vaekst:announce": {
            "message": "Aktiviteten er tilføjet.",
            "focus": f"action-{action.public_id}",
        }
    }
    document = lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")
    (row,) = document.xpath(f"//tr[@id='action-{action.public_id}']")
    assert row.get("tabindex") == "-1"


def test_an_invalid_edit_keeps_its_row_open_with_the_values(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    data = {
        "milestone-revision": "4",
        "milestone-title": "",
        "milestone-criterion": "Kontrakt og første løn",
        "milestone-status": "planned",
    }
    # when
    response = _client(personas.a.consultant).post(
        _url(plan_a, f"milepaele/{milestone.public_id}/"), data, HTTP_HX_REQUEST="true"
    )
    # then
    milestone.refresh_from_db()
    assert milestone.criterion == "Kontrakt underskrevet"
    assert response["HX-Retarget"] == f"#edit-{milestone.public_id}"
    assert response["HX-Reswap"] == "outerHTML"
    document = lxml_html.fragment_fromstring(
        f"<table>{response.content.decode()}</table>", create_parent="div"
    )
    (criterion,) = document.xpath("//textarea[@name='milestone-criterion']")
    assert criterion.text_content().strip() == "Kontrakt og første løn"
    (title,) = document.xpath("//input[@name='milestone-title']")
    assert title.get("aria-invalid") == "true"
    assert title.get("id") == f"id_{milestone.public_id.hex[:12]}-milestone-title"


def test_another_house_cannot_add_through_the_kept_form(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    data = {"action-revision": "4", "action-title": "", "action-owner_kind": "firm"}
    response = _client(personas.b.consultant).post(
        _url(plan_a, "aktiviteter/"), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert "HX-Retarget" not in response
    assert PlanAction.objects.filter(plan=plan_a).count() == 2


def test_the_partnership_form_links_its_errors_and_leaves_no_empty_reference(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given the form to propose a partnership, with its two checkbox groups
    client = _client(personas.a.consultant)
    url = _url(plan_a, "partnerskab/")
    page = client.get(url)
    assert page.status_code == 200
    # then no fieldset carries an empty aria-describedby, every reference resolves
    assert 'aria-describedby=""' not in page.content.decode()
    assert reference_problems(page.content.decode()) == []
    # when it is sent with hours that are not a number
    response = client.post(
        url,
        {
            "firm_commitment": "Otte nye job",
            "house_commitment": "Sparring hver måned",
            "house_hours": "mange",
        },
    )
    # then the error is at the field, linked to it, and what was typed is kept
    assert response.status_code == 400
    document = lxml_html.document_fromstring(response.content.decode())
    (hours,) = document.xpath("//input[@name='house_hours']")
    assert hours.get("aria-describedby") == "id_house_hours_error"
    assert hours.get("value") == "mange"
    assert document.xpath("//textarea[@name='firm_commitment']")[0].text_content().strip() == (
        "Otte nye job"
    )
    assert reference_problems(response.content.decode()) == []
    assert not plan_a.partnerships.exists()


def test_a_removed_item_and_a_comment_are_announced_with_the_focus_on_their_section(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given
    client = _client(personas.a.consultant)
    milestone = PlanMilestone.objects.get(plan=plan_a, title="Sælger ansat")
    # when a milestone is removed, and then a comment written
    removed = client.post(
        _url(plan_a, f"milepaele/{milestone.public_id}/fjern/"),
        {"revision": "4"},
        HTTP_HX_REQUEST="true",
    )
    commented = client.post(
        _url(plan_a, "kommentarer/"), {"body": "Godt møde"}, HTTP_HX_REQUEST="true"
    )
    # then each is announced, the focus put on its section's heading, which is in the body
    assert json.loads(removed["HX-Trigger-After-Settle"]) == {
        "vaekst:announce": {"message": "Milepælen er fjernet.", "focus": "milestones"}
    }
    assert json.loads(commented["HX-Trigger-After-Settle"]) == {
        "vaekst:announce": {"message": "Kommentaren er gemt.", "focus": "comments"}
    }
    assert '<h2 id="milestones">' in removed.content.decode()
    assert '<h2 id="comments">' in commented.content.decode()
    assert not PlanMilestone.objects.filter(pk=milestone.pk).exists()
