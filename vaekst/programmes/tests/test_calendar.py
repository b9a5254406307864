"""The month calendar of sessions: Monday-first weeks with each session on its local day,
month navigation, and only the sessions of the chosen calendar the user may see."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Personas
from vaekst.programmes.calendar import month_grid, parse_month, run_page, sessions_for
from vaekst.programmes.choices import EnrolmentStatus, RunStatus
from vaekst.programmes.models import Enrolment, ProgrammeRun, RunSession
from vaekst.programmes.services.enrolment import enrol
from vaekst.programmes.tests.conftest import Training, make_run

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
URL = reverse("programmes:calendar")


def at(run: ProgrammeRun, *moment: int, hours: int = 2, **fields: Any) -> RunSession:
    starts_at = datetime.datetime(*moment, tzinfo=COPENHAGEN)  # type: ignore[misc,arg-type]
    return RunSession.objects.create(
        run=run,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place=fields.pop("place", "Erhvervshuset"),
        **fields,
    )


def sessions_by_day(response: Any) -> dict[datetime.date, list[str]]:
    return {
        day.date: [str(session.public_id) for session in day.sessions]
        for week in response.context["month"].weeks
        for day in week.days
        if day.sessions
    }


def test_month_is_weeks_monday_first_with_each_session_on_its_local_day(
    client: Client, personas: Personas, training: Training
) -> None:
    # given March 2026 begins on a Sunday; a session late on the 31st is still March in
    # Copenhagen (21:30 UTC), one half past midnight on 1 April is April (22:30 UTC the 31st)
    run = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
    monday = at(run, 2026, 3, 2, 9, 0, title="Kick-off")
    late = at(run, 2026, 3, 31, 23, 30, hours=1)
    after = at(run, 2026, 4, 1, 0, 30, hours=1)
    client.force_login(personas.a.consultant)
    # when
    response = client.get(URL, {"maaned": "2026-03"})
    # then
    assert response.status_code == 200
    month = response.context["month"]
    assert [day.date for day in month.weeks[0].days] == [
        datetime.date(2026, 2, 23) + datetime.timedelta(days=n) for n in range(7)
    ]
    assert month.weeks[0].number == 9
    assert len(month.weeks) == 6
    assert [day.in_month for day in month.weeks[0].days] == [False] * 6 + [True]
    assert sessions_by_day(response) == {
        datetime.date(2026, 3, 2): [str(monday.public_id)],
        datetime.date(2026, 3, 31): [str(late.public_id)],
    }
    assert month.count == 2
    assert [day.date for day in month.busy_days] == [
        datetime.date(2026, 3, 2),
        datetime.date(2026, 3, 31),
    ]
    assert str(after.public_id) not in str(sessions_by_day(response))
    content = response.content.decode()
    assert "09:00–11:00" in content
    assert f'<a href="{run_page(run)}">' in content
    assert f"{run.title}: Kick-off" in content
    assert "2 mødegange i måneden" in content


def test_previous_and_next_month_links_cross_the_year_and_keep_the_view(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.a.manager)
    # when
    response = client.get(URL, {"maaned": "2026-12", "visning": "region"})
    # then
    content = response.content.decode()
    assert response.context["view"] == "region"
    assert '?maaned=2026-11&amp;visning=region" class="button button-tertiary" rel="prev"' in (
        content
    )
    assert '?maaned=2027-01&amp;visning=region" class="button button-tertiary" rel="next"' in (
        content
    )
    assert "<h1>Kalender: december 2026</h1>" in content


@pytest.mark.parametrize("raw", ["", "2026-13", "abc", "1999-01", "2026-1-1", None])
def test_an_odd_month_parameter_is_this_month(raw: str | None) -> None:
    assert parse_month(raw, datetime.date(2026, 7, 15)) == datetime.date(2026, 7, 1)


def test_today_is_marked_once(client: Client, personas: Personas) -> None:
    client.force_login(personas.a.consultant)
    # when
    response = client.get(URL)
    # then
    assert response.content.decode().count('aria-current="date"') == 1
    today_cells = [
        day for week in response.context["month"].weeks for day in week.days if day.is_today
    ]
    assert len(today_cells) == 1


def test_mine_is_runs_i_facilitate_or_created_and_not_my_colleagues(
    client: Client, personas: Personas, training: Training
) -> None:
    # given a run the manager created with the consultant facilitating, and one the manager
    # created alone
    facilitated = make_run(training.programme, personas.a.house, personas.a.manager, sessions=0)
    facilitated.facilitators.add(personas.a.consultant)
    mine_too = at(facilitated, 2026, 5, 5, 13, 0)
    colleagues = make_run(training.programme, personas.a.house, personas.a.manager, sessions=0)
    at(colleagues, 2026, 5, 6, 13, 0)
    created = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
    mine = at(created, 2026, 5, 7, 13, 0)
    client.force_login(personas.a.consultant)
    # when
    response = client.get(URL, {"maaned": "2026-05"})
    # then
    assert sessions_by_day(response) == {
        datetime.date(2026, 5, 5): [str(mine_too.public_id)],
        datetime.date(2026, 5, 7): [str(mine.public_id)],
    }


def test_organisation_view_is_my_house_and_region_view_adds_the_municipalities(
    client: Client, personas: Personas, training: Training
) -> None:
    # given a run of house A, one of municipality A (in region A), one of house B
    house = make_run(training.programme, personas.a.house, personas.a.manager, sessions=0)
    house_session = at(house, 2026, 6, 1, 9, 0)
    municipal = make_run(
        training.programme, personas.a.municipality_org, personas.a.municipal_consultant, sessions=0
    )
    municipal_session = at(municipal, 2026, 6, 2, 9, 0)
    other = make_run(training.programme, personas.b.house, personas.b.consultant, sessions=0)
    at(other, 2026, 6, 3, 9, 0)
    client.force_login(personas.a.consultant)
    # when
    organisation = client.get(URL, {"maaned": "2026-06", "visning": "organisation"})
    region = client.get(URL, {"maaned": "2026-06", "visning": "region"})
    # then
    assert sessions_by_day(organisation) == {
        datetime.date(2026, 6, 1): [str(house_session.public_id)]
    }
    assert sessions_by_day(region) == {
        datetime.date(2026, 6, 1): [str(house_session.public_id)],
        datetime.date(2026, 6, 2): [str(municipal_session.public_id)],
    }


def test_municipal_consultant_sees_the_municipalitys_runs_and_has_no_region_view(
    client: Client, personas: Personas, training: Training
) -> None:
    # given
    municipal = make_run(
        training.programme, personas.a.municipality_org, personas.a.manager, sessions=0
    )
    session = at(municipal, 2026, 6, 2, 9, 0)
    house = make_run(training.programme, personas.a.house, personas.a.manager, sessions=0)
    at(house, 2026, 6, 1, 9, 0)
    client.force_login(personas.a.municipal_consultant)
    # when
    organisation = client.get(URL, {"maaned": "2026-06", "visning": "organisation"})
    region = client.get(URL, {"maaned": "2026-06", "visning": "region"})
    # then
    assert sessions_by_day(organisation) == {datetime.date(2026, 6, 2): [str(session.public_id)]}
    assert [key for key, _ in organisation.context["views"]] == ["mine", "organisation"]
    assert region.context["view"] == "mine"
    assert sessions_by_day(region) == {}


def test_another_houses_consultant_sees_none_of_house_as_sessions_in_any_view(
    client: Client, personas: Personas, training: Training
) -> None:
    # given house A's run with a session in June, facilitated by consultant A
    at(training.run, 2026, 6, 10, 9, 0)
    client.force_login(personas.b.consultant)
    # when
    answers = [
        client.get(URL, {"maaned": "2026-06", "visning": view})
        for view in ("mine", "organisation", "region")
    ]
    # then
    assert [sessions_by_day(response) for response in answers] == [{}, {}, {}]
    assert training.run.title not in "".join(r.content.decode() for r in answers)


def test_firm_user_sees_the_sessions_of_runs_their_firm_holds_a_place_on(
    client: Client, personas: Personas, training: Training
) -> None:
    # given firm A is enrolled on the run; another open run of house A it is not on
    session = at(training.run, 2026, 9, 1, 9, 0)
    enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    open_run = make_run(training.programme, personas.a.house, personas.a.consultant, sessions=0)
    at(open_run, 2026, 9, 2, 9, 0)
    client.force_login(personas.a.company_user)
    # when
    response = client.get(URL, {"maaned": "2026-09", "visning": "organisation"})
    # then
    assert response.context["view"] == "mine"
    assert sessions_by_day(response) == {datetime.date(2026, 9, 1): [str(session.public_id)]}
    assert f'<a href="{run_page(training.run, personas.a.company_user)}">' in (
        response.content.decode()
    )
    # and firm B's user, on no run, sees nothing
    client.force_login(personas.b.company_user)
    assert sessions_by_day(client.get(URL, {"maaned": "2026-09"})) == {}


def test_a_waitlisted_firm_or_a_cancelled_run_shows_no_sessions(
    personas: Personas, training: Training
) -> None:
    # given
    enrolment = enrol(actor=personas.a.consultant, run=training.run, company=personas.a.company)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.WAITLISTED)
    # then
    assert list(sessions_for(personas.a.company_user)) == []
    # given the place is held but the run is cancelled
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.ENROLLED)
    assert sessions_for(personas.a.company_user).count() == 2
    ProgrammeRun.objects.filter(pk=training.run.pk).update(status=RunStatus.CANCELLED)
    assert list(sessions_for(personas.a.company_user)) == []
    assert list(sessions_for(personas.a.consultant)) == []


def test_month_page_reads_a_bounded_number_of_queries(
    client: Client, personas: Personas, training: Training, django_assert_max_num_queries: Any
) -> None:
    # given 12 runs with 3 sessions each in the month
    for number in range(12):
        run = make_run(training.programme, personas.a.house, personas.a.manager, sessions=0)
        for day in range(3):
            at(run, 2026, 10, 1 + number + day, 9, 0)
    client.force_login(personas.a.manager)
    client.get(URL)  # the first visit makes the calendar address
    # when
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"maaned": "2026-10", "visning": "organisation"})
    # then
    assert response.context["month"].count == 36


def test_month_grid_leaves_out_days_of_other_months(personas: Personas, training: Training) -> None:
    # given a session on 1 May, shown in May, not in the last row of April's grid
    at(training.run, 2026, 5, 1, 9, 0)
    sessions = sessions_for(personas.a.consultant)
    # when
    april = month_grid(datetime.date(2026, 4, 1), sessions, datetime.date(2026, 4, 1))
    may = month_grid(datetime.date(2026, 5, 1), sessions, datetime.date(2026, 4, 1))
    # then
    assert april.count == 0
    assert all(not day.sessions for week in april.weeks for day in week.days)
    assert may.count == 1
