"""The programmes API: programmes, runs, sessions, enrolments, attendance and survey answers,
scoped like the pages; changes through the same services (a refusal of the caller is a 403,
of the request a 400 with the reason); another house's consultant and another firm's user are
refused with a 404 and nothing changes; list endpoints read a bounded number of queries."""

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Personas
from vaekst.accounts.models import APIToken, User
from vaekst.accounts.services import create_api_token
from vaekst.audit.models import AuditEntry
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus, RunStatus, SurveyKind
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyVersion,
)
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training, firm, make_run
from vaekst.register.models import Company

pytestmark = pytest.mark.django_db


class ApiClient:
    """A test client that sends one user's bearer token with every request."""

    def __init__(self, user: User) -> None:
        token, raw = create_api_token(user=user, name="test")
        APIToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.client = Client(headers={"Authorization": f"Bearer {raw}"})

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.client.post(path, json.dumps(body or {}), content_type="application/json")

    def put(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.put(path, json.dumps(body), content_type="application/json")


def cvr(company: Company) -> str:
    return f"{company.cvr:08d}"


def state() -> list[Any]:
    """What a refused change must leave as it was."""
    return [
        sorted(Enrolment.objects.values_list("pk", "status")),
        sorted(Attendance.objects.values_list("pk", "present")),
        AuditEntry.objects.count(),
    ]


def answered(company: Company, run: Any, user: User, overall: int, comment: str = "") -> Any:
    version, _ = SurveyVersion.objects.get_or_create(kind=SurveyKind.RUN, number=1)
    overall_question, _ = SurveyQuestion.objects.get_or_create(
        version=version, order=1, text="Hvor tilfreds er du samlet?", is_overall=True
    )
    useful, _ = SurveyQuestion.objects.get_or_create(
        version=version, order=2, text="Hvor brugbart var indholdet?"
    )
    response = SurveyResponse.objects.create(
        version=version,
        company=company,
        run=run,
        overall=overall,
        comment=comment,
        answered_by=user,
        answered_at=timezone.now(),
    )
    SurveyAnswer.objects.create(response=response, question=useful, score=3)
    SurveyAnswer.objects.create(response=response, question=overall_question, score=overall)
    return response


# -- programmes, runs and sessions -------------------------------------------------------


def test_programmes_are_listed_and_one_is_read_by_its_offers_id(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    api = ApiClient(personas.a.consultant)
    offer = training.programme.offer
    # when
    with django_assert_max_num_queries(3):
        listed = api.get("/api/programmes")
    one = api.get(f"/api/programmes/{offer.public_id}")
    # then
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [str(offer.public_id)]
    assert one.json()["format"] == "camp"
    assert one.json()["title"] == offer.title
    assert one.json()["default_capacity"] == 20
    assert api.get(f"/api/programmes/{training.run.public_id}").status_code == 404


def test_runs_list_with_places_taken_and_a_status_filter(
    personas: Personas, training: Training
) -> None:
    # given one firm enrolled, and a planned run of house A
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    planned = make_run(
        training.programme,
        personas.a.house,
        personas.a.consultant,
        status=RunStatus.PLANNED,
        sessions=0,
    )
    api = ApiClient(personas.a.consultant)
    # when
    everything = api.get("/api/runs").json()
    open_only = api.get("/api/runs", status="open").json()
    # then
    assert {item["id"] for item in everything["items"]} == {
        str(training.run.public_id),
        str(planned.public_id),
    }
    assert [item["id"] for item in open_only["items"]] == [str(training.run.public_id)]
    run = open_only["items"][0]
    assert (run["enrolled"], run["waitlisted"], run["capacity"]) == (1, 0, 3)
    assert run["organiser"] == personas.a.house.name
    first = training.run.sessions.order_by("starts_at").first()
    assert first is not None
    assert run["first_session"] == first.starts_at.isoformat().replace("+00:00", "Z")
    assert api.get("/api/runs", status="nonsense").status_code == 422


def test_runs_list_reads_a_bounded_number_of_queries(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        make_run(training.programme, personas.a.house, personas.a.consultant, sessions=2)
    api = ApiClient(personas.a.manager)
    # when
    with django_assert_max_num_queries(3):
        response = api.get("/api/runs", limit=10)
    # then
    assert len(response.json()["items"]) == 10
    assert response.json()["next"] is not None


def test_a_run_with_its_sessions(personas: Personas, training: Training) -> None:
    api = ApiClient(personas.a.municipal_consultant)
    # when
    detail = api.get(f"/api/runs/{training.run.public_id}").json()
    sessions = api.get(f"/api/runs/{training.run.public_id}/sessions").json()
    # then
    expected = [str(s.public_id) for s in training.run.sessions.order_by("starts_at")]
    assert [s["id"] for s in detail["sessions"]] == expected
    assert [s["id"] for s in sessions] == expected
    assert sessions[0]["place"] == "Erhvervshuset, mødelokale 2"


@pytest.mark.parametrize("side_b_user", ["consultant", "company_user"])
def test_another_regions_users_do_not_see_the_run(
    personas: Personas, training: Training, side_b_user: str
) -> None:
    api = ApiClient(getattr(personas.b, side_b_user))
    run = training.run.public_id
    session = training.run.sessions.first()
    assert session is not None
    # when
    answers = [
        api.get(f"/api/runs/{run}").status_code,
        api.get(f"/api/runs/{run}/sessions").status_code,
        api.get(f"/api/runs/{run}/enrolments").status_code,
        api.get(f"/api/sessions/{session.public_id}/attendance").status_code,
    ]
    listed = api.get("/api/runs").json()["items"]
    # then
    assert answers == [404, 404, 404, 404]
    assert listed == []


# -- enrolments --------------------------------------------------------------------------


def test_consultant_enrols_a_firm_through_the_api(personas: Personas, training: Training) -> None:
    api = ApiClient(personas.a.consultant)
    # when
    response = api.post(
        f"/api/runs/{training.run.public_id}/enrolments",
        {"company": cvr(personas.a.company), "participant_name": "Mette Holm"},
    )
    # then
    assert response.status_code == 201
    body = response.json()
    enrolment = Enrolment.objects.get(public_id=body["id"])
    assert enrolment.channel == EnrolmentChannel.API
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert enrolment.participant_name == "Mette Holm"
    assert (body["status"], body["channel"], body["company"]["cvr"]) == (
        "enrolled",
        "api",
        cvr(personas.a.company),
    )
    assert AuditEntry.objects.filter(object_id=str(enrolment.public_id)).count() == 1


def test_a_firms_user_enrols_its_own_firm(personas: Personas, training: Training) -> None:
    api = ApiClient(personas.a.company_user)
    # when
    response = api.post(
        f"/api/runs/{training.run.public_id}/enrolments", {"company": cvr(personas.a.company)}
    )
    # then
    assert response.status_code == 201
    assert Enrolment.objects.get().enrolled_by == personas.a.company_user


def test_a_refused_enrolment_is_a_400_with_the_reason_and_changes_nothing(
    personas: Personas, training: Training
) -> None:
    # given firm A is on the run already
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    unplaced = firm(level=None)
    api = ApiClient(personas.a.consultant)
    before = state()
    # when
    again = api.post(
        f"/api/runs/{training.run.public_id}/enrolments", {"company": cvr(personas.a.company)}
    )
    not_eligible = api.post(
        f"/api/runs/{training.run.public_id}/enrolments", {"company": cvr(unplaced)}
    )
    # then
    assert again.status_code == 400
    assert again.json() == {"detail": "Virksomheden er allerede tilmeldt holdet."}
    assert not_eligible.status_code == 400
    assert not_eligible.json()["detail"] == "Virksomheden er endnu ikke placeret på et vækstniveau."
    assert state() == before


def test_other_side_cannot_enrol_or_cancel_and_nothing_changes(
    personas: Personas, training: Training
) -> None:
    # given firm A on the run
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    before = state()
    run_url = f"/api/runs/{training.run.public_id}/enrolments"
    # when another house's consultant and another firm's user try
    answers = []
    for user in (personas.b.consultant, personas.b.company_user):
        api = ApiClient(user)
        answers += [
            api.post(run_url, {"company": cvr(personas.a.company)}).status_code,
            api.post(run_url, {"company": cvr(personas.b.company)}).status_code,
            api.post(f"/api/enrolments/{enrolment.public_id}/cancel").status_code,
            api.get(f"/api/enrolments/{enrolment.public_id}").status_code,
            api.get(f"/api/companies/{cvr(personas.a.company)}/enrolments").status_code,
        ]
    # then
    assert answers == [404] * 10
    assert state() == before


def test_a_firms_user_cannot_enrol_another_firm(personas: Personas, training: Training) -> None:
    other = firm()
    api = ApiClient(personas.a.company_user)
    before = state()
    # when
    response = api.post(f"/api/runs/{training.run.public_id}/enrolments", {"company": cvr(other)})
    # then
    assert response.status_code == 404
    assert state() == before


def test_a_firms_user_cancels_and_the_waitlist_moves_up(
    personas: Personas, training: Training
) -> None:
    # given firm A and two more fill the run; a fourth waits
    mine = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    for _ in range(2):
        enrol(actor=personas.a.consultant, run=training.run, company=firm())
    waiting = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    api = ApiClient(personas.a.company_user)
    # when
    response = api.post(f"/api/enrolments/{mine.public_id}/cancel", {"reason": "Syg"})
    again = api.post(f"/api/enrolments/{mine.public_id}/cancel")
    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "Syg")
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.ENROLLED
    assert again.status_code == 400
    assert again.json()["detail"] == "Tilmeldingen er allerede afmeldt."


def test_enrolment_lists_show_the_caller_what_the_pages_do(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    # given firm A and five other firms on the run (three enrolled, three waiting)
    mine = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    others = [enrol(actor=personas.a.consultant, run=training.run, company=firm()) for _ in "12345"]
    consultant = ApiClient(personas.a.consultant)
    firm_user = ApiClient(personas.a.company_user)
    url = f"/api/runs/{training.run.public_id}/enrolments"
    # when
    with django_assert_max_num_queries(4):
        everyone = consultant.get(url).json()["items"]
    waiting = consultant.get(url, status="waitlisted").json()["items"]
    own = firm_user.get(url).json()["items"]
    by_company = firm_user.get(f"/api/companies/{cvr(personas.a.company)}/enrolments").json()
    # then
    assert [item["id"] for item in everyone] == [str(e.public_id) for e in [mine, *others]]
    assert [item["id"] for item in waiting] == [str(e.public_id) for e in others[2:]]
    assert [item["id"] for item in own] == [str(mine.public_id)]
    assert [item["id"] for item in by_company["items"]] == [str(mine.public_id)]


# -- attendance --------------------------------------------------------------------------


def test_organiser_registers_attendance_and_a_firm_reads_its_own(
    personas: Personas, training: Training
) -> None:
    # given
    mine = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    other = enrol(actor=personas.a.consultant, run=training.run, company=firm())
    session = training.run.sessions.order_by("starts_at").first()
    assert session is not None
    url = f"/api/sessions/{session.public_id}/attendance"
    # when
    response = ApiClient(personas.a.consultant).put(
        url,
        {
            "attendance": [
                {"enrolment_id": str(mine.public_id), "present": True},
                {"enrolment_id": str(other.public_id), "present": False},
            ]
        },
    )
    own = ApiClient(personas.a.company_user).get(url).json()
    # then
    assert response.status_code == 200
    assert [(row["enrolment_id"], row["present"]) for row in response.json()] == [
        (str(mine.public_id), True),
        (str(other.public_id), False),
    ]
    assert [(row["enrolment_id"], row["present"]) for row in own] == [(str(mine.public_id), True)]


def test_attendance_is_refused_to_a_firm_and_to_another_house_and_for_strangers(
    personas: Personas, training: Training
) -> None:
    # given
    mine = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    session = training.run.sessions.first()
    assert session is not None
    url = f"/api/sessions/{session.public_id}/attendance"
    body = {"attendance": [{"enrolment_id": str(mine.public_id), "present": True}]}
    elsewhere = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
    stranger = enrol(actor=personas.a.consultant, run=elsewhere, company=firm())
    before = state()
    # when
    by_firm = ApiClient(personas.a.company_user).put(url, body)
    by_other_house = ApiClient(personas.b.consultant).put(url, body)
    by_other_firm = ApiClient(personas.b.company_user).put(url, body)
    for_stranger = ApiClient(personas.a.consultant).put(
        url, {"attendance": [{"enrolment_id": str(stranger.public_id), "present": True}]}
    )
    # then
    assert [by_firm.status_code, by_other_house.status_code, by_other_firm.status_code] == [
        403,
        404,
        404,
    ]
    assert for_stranger.status_code == 400
    assert for_stranger.json()["detail"] == (
        "Fremmøde kan kun registreres for tilmeldte virksomheder."
    )
    assert state() == before


# -- survey answers ----------------------------------------------------------------------


def test_survey_answers_are_seen_by_the_firm_and_those_who_manage_the_run(
    personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    # given firm A and three other firms answered after the run
    mine = answered(personas.a.company, training.run, personas.a.company_user, 5, "Godt, tak")
    for score in (4, 2, 3):
        answered(firm(), training.run, personas.a.consultant, score)
    consultant = ApiClient(personas.a.consultant)
    # when
    with django_assert_max_num_queries(4):
        everything = consultant.get("/api/survey-responses").json()["items"]
    for_run = consultant.get("/api/survey-responses", run=str(training.run.public_id)).json()
    own = ApiClient(personas.a.company_user).get("/api/survey-responses").json()["items"]
    other_house = ApiClient(personas.b.consultant).get("/api/survey-responses").json()["items"]
    other_firm = ApiClient(personas.b.company_user).get("/api/survey-responses").json()["items"]
    # then
    assert sorted(item["overall"] for item in everything) == [2, 3, 4, 5]
    assert len(for_run["items"]) == 4
    assert len(own) == 1
    assert own[0] == {
        "kind": "run",
        "version": 1,
        "company": {"cvr": cvr(personas.a.company), "name": personas.a.company.name},
        "run_id": str(training.run.public_id),
        "mapping_id": None,
        "overall": 5,
        "satisfied": True,
        "comment": "Godt, tak",
        "answered_at": own[0]["answered_at"],
        "scores": [
            {"question": "Hvor tilfreds er du samlet?", "is_overall": True, "score": 5},
            {"question": "Hvor brugbart var indholdet?", "is_overall": False, "score": 3},
        ],
    }
    assert mine.company == personas.a.company
    assert other_house == []
    assert other_firm == []


def test_the_firm_answers_the_survey_after_a_finished_run_once(
    personas: Personas, training: Training
) -> None:
    # given a finished run the firm took part in
    from vaekst.programmes.models import SurveyResponse
    from vaekst.programmes.tests.survey_helpers import finish

    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    run = finish(training.run)
    firm_api = ApiClient(personas.a.company_user)
    questions = firm_api.get("/api/survey-questions", kind="run").json()
    assert questions["version"] == 1
    scores = {str(q["id"]): (5 if q["is_overall"] else 4) for q in questions["questions"]}
    body = {"run": str(run.public_id), "scores": scores, "comment": "Godt forløb"}
    # when another firm's user and the consultant try, then they are refused
    assert ApiClient(personas.b.company_user).post("/api/survey-responses", body).status_code == 404
    assert ApiClient(personas.a.consultant).post("/api/survey-responses", body).status_code == 403
    assert not SurveyResponse.objects.exists()
    # when the firm answers
    response = firm_api.post("/api/survey-responses", body)
    # then
    assert response.status_code == 201
    answer = response.json()
    assert (answer["overall"], answer["satisfied"], answer["comment"]) == (5, True, "Godt forløb")
    assert answer["company"]["cvr"] == cvr(personas.a.company)
    # and a second answer is refused with the reason
    again = firm_api.post("/api/survey-responses", body)
    assert again.status_code == 400
    assert "allerede besvaret" in again.json()["detail"]
    assert SurveyResponse.objects.count() == 1


def test_a_survey_answer_names_a_run_or_a_mapping(personas: Personas, training: Training) -> None:
    response = ApiClient(personas.a.company_user).post(
        "/api/survey-responses", {"scores": {"1": 5}}
    )
    assert response.status_code == 400
    assert "forløb eller en vækstkortlægning" in response.json()["detail"]
