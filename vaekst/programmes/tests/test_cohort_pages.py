"""The cohort page /forloeb/<uuid>/grupper/: the split with profiles, building, moving a
firm by htmx, locking, pair requests; and who is refused (nothing changes)."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from vaekst.audit.models import AuditEntry
from vaekst.programmes.models import Cohort, CohortPair, ProgrammeRun
from vaekst.programmes.services.cohorts import build_run_cohorts
from vaekst.programmes.tests.conftest import Training
from vaekst.programmes.tests.test_cohort_services import cohort_sets, enrol_firms

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(training: Training, personas: Personas) -> ProgrammeRun:
    run = training.run
    run.cohort_min, run.cohort_max, run.capacity = 3, 4, 40
    run.save()
    enrol_firms(run, personas.a.consultant, 10)
    return run


def login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_manager_builds_the_cohorts_and_sees_each_profile(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    login(client, personas.a.consultant)
    page = reverse("programmes:cohorts", args=[run.public_id])
    # when
    response = client.post(reverse("programmes:cohort_build", args=[run.public_id]), follow=True)
    # then
    assert response.redirect_chain == [(page, 302)]
    html = response.content.decode()
    assert "10 virksomheder er delt i 3 grupper" in html
    for number in (1, 2, 3):
        assert f'<h2 id="cohort-{number}">Gruppe {number}' in html
    assert "Homogenitet" in html
    assert "mere ens end tilfældigt" in html
    assert '<svg class="cohort-chart" role="img"' in html
    # the drawing's numbers are not localised ("345,0" is no coordinate)
    coordinates = re.findall(
        r' (?:x|x1|x2|cx|width)="([^"]*)"',
        html.split('<svg class="cohort-chart"')[1].split("</svg>")[0],
    )
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates)
    assert "Dan grupperne igen (låste beholdes)" in html


def test_build_by_htmx_answers_the_split_and_announces_it(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    login(client, personas.a.consultant)
    # when
    response = client.post(
        reverse("programmes:cohort_build", args=[run.public_id]), HTTP_HX_REQUEST="true"
    )
    # then
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="cohort-split">')
    assert "10 virksomheder er delt i 3 grupper" in response["HX-Trigger-After-Settle"]
    assert len(cohort_sets(run)) == 3


def test_too_small_run_gets_the_message_and_no_cohorts(
    client: Client, personas: Personas, training: Training
) -> None:
    login(client, personas.a.consultant)
    enrol_firms(training.run, personas.a.consultant, 2)
    # when
    response = client.post(
        reverse("programmes:cohort_build", args=[training.run.public_id]), follow=True
    )
    # then
    assert "Der er 2 tilmeldte uden for låste grupper" in response.content.decode()
    assert not Cohort.objects.exists()


def test_move_by_htmx_moves_and_announces(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    # given
    build_run_cohorts(actor=personas.a.consultant, run=run)
    sets = cohort_sets(run)
    big = next(number for number, members in sets.items() if len(members) == 4)
    small = next(number for number, members in sets.items() if len(members) == 3)
    moving = run.enrolments.filter(cohort__number=big).select_related("company").first()
    assert moving is not None
    login(client, personas.a.consultant)
    # when
    response = client.post(
        reverse("programmes:cohort_move", args=[run.public_id, moving.public_id]),
        {"cohort": small},
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 200
    moving.refresh_from_db()
    assert moving.cohort is not None and moving.cohort.number == small
    assert f"er flyttet til Gruppe {small}" in response["HX-Trigger-After-Settle"]


def test_refused_move_says_why_and_changes_nothing(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    # given
    build_run_cohorts(actor=personas.a.consultant, run=run)
    sets = cohort_sets(run)
    small = [number for number, members in sets.items() if len(members) == 3]
    moving = run.enrolments.filter(cohort__number=small[0]).first()
    assert moving is not None
    login(client, personas.a.consultant)
    # when
    response = client.post(
        reverse("programmes:cohort_move", args=[run.public_id, moving.public_id]),
        {"cohort": small[1]},
        HTTP_HX_REQUEST="true",
    )
    # then
    assert response.status_code == 400
    assert response["Vaekst-Swap-Refusal"] == "true"
    assert f"Gruppe {small[0]} ville få 2, færre end de mindst 3." in response.content.decode()
    assert cohort_sets(run) == sets


def test_lock_and_pair_request_through_the_page(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    build_run_cohorts(actor=personas.a.consultant, run=run)
    login(client, personas.a.consultant)
    first, second = run.enrolments.order_by("id")[:2]
    # when
    client.post(reverse("programmes:cohort_lock", args=[run.public_id, 2]), {"locked": "1"})
    client.post(
        reverse("programmes:cohort_pair_add", args=[run.public_id]),
        {"first": first.public_id, "second": second.public_id, "together": "0"},
    )
    # then
    assert list(Cohort.objects.filter(is_locked=True).values_list("number", flat=True)) == [2]
    pair = CohortPair.objects.get()
    assert (pair.first, pair.second, pair.together) == (first, second, False)
    response = client.get(reverse("programmes:cohorts", args=[run.public_id]))
    assert "i en anden gruppe end" in response.content.decode()
    # when the request is removed
    client.post(reverse("programmes:cohort_pair_remove", args=[run.public_id, pair.pk]))
    assert not CohortPair.objects.exists()


def test_cohort_page_queries_are_bounded(
    client: Client,
    personas: Personas,
    run: ProgrammeRun,
    django_assert_max_num_queries: Any,
) -> None:
    # given
    enrol_firms(run, personas.a.consultant, 30)
    run.cohort_max = 6
    run.save()
    build_run_cohorts(actor=personas.a.consultant, run=run)
    login(client, personas.a.consultant)
    # when / then
    with django_assert_max_num_queries(13):
        response = client.get(reverse("programmes:cohorts", args=[run.public_id]))
    assert response.status_code == 200


def _actions(run: ProgrammeRun) -> list[tuple[str, dict[str, Any]]]:
    enrolment = run.enrolments.order_by("id").first()
    assert enrolment is not None
    return [
        (reverse("programmes:cohort_build", args=[run.public_id]), {}),
        (reverse("programmes:cohort_clear", args=[run.public_id]), {}),
        (reverse("programmes:cohort_lock", args=[run.public_id, 1]), {"locked": "1"}),
        (
            reverse("programmes:cohort_move", args=[run.public_id, enrolment.public_id]),
            {"cohort": 2},
        ),
        (reverse("programmes:cohort_pair_add", args=[run.public_id]), {}),
    ]


@pytest.mark.parametrize(
    "who, page_status, action_status",
    [
        ("b.consultant", 404, 404),  # another house's consultant
        ("b.manager", 404, 404),
        ("a.company_user", 404, 404),  # a firm's user: cohorts are not shown to firms
        ("partner_advisor", 404, 404),  # a partner not facilitating the run
        ("a.municipal_consultant", 200, 403),  # sees the run in the region, does not manage it
    ],
)
def test_refusals_change_nothing(
    client: Client,
    personas: Personas,
    run: ProgrammeRun,
    who: str,
    page_status: int,
    action_status: int,
) -> None:
    # given
    build_run_cohorts(actor=personas.a.consultant, run=run)
    side, _, role = who.partition(".")
    user = getattr(getattr(personas, side), role) if role else getattr(personas, side)
    login(client, user)
    before = (cohort_sets(run), AuditEntry.objects.count(), CohortPair.objects.count())
    # when
    page = client.get(reverse("programmes:cohorts", args=[run.public_id]))
    statuses = [client.post(url, data).status_code for url, data in _actions(run)]
    # then
    assert page.status_code == page_status
    assert statuses == [action_status] * 5
    assert (cohort_sets(run), AuditEntry.objects.count(), CohortPair.objects.count()) == before
    assert not Cohort.objects.filter(is_locked=True).exists()
    if page_status == 200:
        assert "Dan grupper" not in page.content.decode()
        assert 'class="cohort-move"' not in page.content.decode()


def test_a_pair_of_one_firm_with_itself_is_refused_at_the_form(
    client: Client, personas: Personas, run: ProgrammeRun
) -> None:
    login(client, personas.a.consultant)
    first = run.enrolments.order_by("id").first()
    assert first is not None
    # when
    response = client.post(
        reverse("programmes:cohort_pair_add", args=[run.public_id]),
        {"first": first.public_id, "second": first.public_id, "together": "1"},
    )
    # then
    assert response.status_code == 400
    assert "Vælg to forskellige virksomheder." in response.content.decode()
    assert not CohortPair.objects.exists()
