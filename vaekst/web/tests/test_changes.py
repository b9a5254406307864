"""'Hvad er ændret': the start page's panel and the full list of what changed for the firms
in a consultant's area, read from the CompanyEvent rows; scoped, filtered and paged."""

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_company
from vaekst.growthplans.choices import PartnershipStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.register.choices import CompanyEventKind, ImportStatus
from vaekst.register.models import Company, CompanyEvent, RegisterImport

URL = reverse("web:change_list")


def event(company: Company, kind: str, before: str, after: str, **fields: Any) -> CompanyEvent:
    return CompanyEvent.objects.create(
        company=company,
        kind=kind,
        from_value=before,
        to_value=after,
        occurred_at=fields.pop("occurred_at", timezone.now()),
        **fields,
    )


@pytest.fixture
def changes(personas) -> dict[str, Any]:
    """Changes overnight on both sides: in København (A), Frederiksberg (A's region) and
    Aarhus (B)."""
    frederiksberg = make_company(municipality_code=147, name="Frb Flyt ApS", rng_seed=41)
    closed = make_company(municipality_code=101, name="Kbh Lukket ApS", rng_seed=42)
    return {
        "a_level": event(
            personas.a.company, CompanyEventKind.LEVEL_MOVED, "established", "potential"
        ),
        "moved": event(frederiksberg, CompanyEventKind.MOVED, "101", "147"),
        "closed": event(closed, CompanyEventKind.BANKRUPTCY, "NORMAL", "UNDER KONKURS"),
        "b_new": event(personas.b.company, CompanyEventKind.NEW_LARGE, "", "40"),
    }


def names(response: Any) -> list[str]:
    return [event.company.name for event in response.context["page"].items]


def test_consultant_sees_the_changes_in_the_houses_region_only(
    client: Client, personas, changes
) -> None:
    # given a consultant of house A (region 1084)
    client.force_login(personas.a.consultant)
    # when the list is opened
    response = client.get(URL)
    # then A's three changes are listed, B's is not
    assert response.status_code == 200
    assert sorted(names(response)) == ["Firma A ApS", "Frb Flyt ApS", "Kbh Lukket ApS"]
    text = response.text
    assert "Firma B ApS" not in text
    assert "Frederiksberg" in text  # a move shows the municipalities by name
    # and a bankruptcy shows the register's statuses in words, not as the register codes them
    assert "Konkurs" in text and "Under konkurs" in text and "UNDER KONKURS" not in text
    assert "<td>Aktiv</td>" in text and "NORMAL" not in text


def test_consultant_of_another_house_sees_none_of_it(client: Client, personas, changes) -> None:
    # given house B's consultant and municipal consultant
    for user in (personas.b.consultant, personas.b.municipal_consultant):
        client.force_login(user)
        # when they open the list and the start page
        listed = client.get(URL, {"periode": "alle"})
        home = client.get(reverse("web:home"))
        # then only B's own firm is there
        assert names(listed) == ["Firma B ApS"]
        assert [e.company.name for e in home.context["changes"]] == ["Firma B ApS"]
        for name in ("Firma A ApS", "Frb Flyt ApS", "Kbh Lukket ApS"):
            assert name not in listed.text and name not in home.text


def test_municipal_consultant_sees_their_municipality_only(
    client: Client, personas, changes
) -> None:
    client.force_login(personas.a.municipal_consultant)
    assert sorted(names(client.get(URL))) == ["Firma A ApS", "Kbh Lukket ApS"]


def test_anonymous_visitor_is_sent_to_login_and_firm_and_partner_users_are_refused(
    client: Client, personas, changes
) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    for user in (personas.a.company_user, personas.partner_advisor):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_firms_with_an_active_partnership_or_plan_come_first_and_are_marked(
    client: Client, personas, changes
) -> None:
    # given the oldest change is of a firm with an active plan and partnership, and a later
    # one of a firm with only a plan
    closed = changes["closed"].company
    plan = GrowthPlan.objects.create(company=closed, title="Plan", organisation=personas.a.house)
    GrowthPartnership.objects.create(
        plan=plan, status=PartnershipStatus.ACTIVE, proposed_by=personas.a.consultant
    )
    GrowthPlan.objects.create(
        company=personas.a.company, title="Plan A", organisation=personas.a.house
    )
    CompanyEvent.objects.filter(pk=changes["closed"].pk).update(
        occurred_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(personas.a.consultant)
    # when
    response = client.get(URL)
    # then the partnership's firm is first, then the plan's, then the rest by time
    assert names(response) == ["Kbh Lukket ApS", "Firma A ApS", "Frb Flyt ApS"]
    items = response.context["page"].items
    assert [(e.has_partnership, e.has_plan) for e in items] == [
        (True, True),
        (False, True),
        (False, False),
    ]
    assert "Vækstpartnerskab" in response.text and "Vækstplan" in response.text


def test_the_list_filters_by_kind_and_defaults_to_since_the_last_run(
    client: Client, personas, changes
) -> None:
    # given a finished import run that started an hour ago, and a change from before it
    RegisterImport.objects.create(
        file_name="2026-12-06.jsonl",
        digest="x" * 32,
        status=ImportStatus.DONE,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        finished_at=timezone.now(),
    )
    CompanyEvent.objects.filter(pk=changes["moved"].pk).update(
        occurred_at=timezone.now() - datetime.timedelta(days=2)
    )
    client.force_login(personas.a.consultant)
    # then by default the older change is not shown; with the whole period it is
    assert sorted(names(client.get(URL))) == ["Firma A ApS", "Kbh Lukket ApS"]
    assert "Frb Flyt ApS" in names(client.get(URL, {"periode": "alle"}))
    # and a kind narrows the list
    only = client.get(URL, {"kind": CompanyEventKind.BANKRUPTCY, "periode": "alle"})
    assert names(only) == ["Kbh Lukket ApS"]
    # and an unknown kind is a form error that lists nothing narrower than all
    bad = client.get(URL, {"kind": "nonsense"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_the_list_is_paged(client: Client, personas, changes) -> None:
    # given 55 more changes in København
    for index in range(55):
        event(personas.a.company, CompanyEventKind.LEVEL_MOVED, "a", f"b{index}")
    client.force_login(personas.a.consultant)
    # when
    first = client.get(URL)
    second = client.get(URL, {"side": 2})
    # then 50 on the first page and the other 8 on the second
    assert len(first.context["page"].items) == 50 and first.context["page"].has_next
    assert len(second.context["page"].items) == 8 and not second.context["page"].has_next
    assert "side=2" in first.text


def test_start_page_panel_shows_the_latest_changes_with_a_link_to_the_list(
    client: Client, personas, changes
) -> None:
    # given seven more changes in the area
    for index in range(7):
        event(personas.a.company, CompanyEventKind.LEVEL_MOVED, "a", f"b{index}")
    client.force_login(personas.a.consultant)
    # when
    response = client.get(reverse("web:home"))
    # then five are shown, and a link leads to all of them
    assert len(response.context["changes"]) == 5
    assert response.context["more_changes"] is True
    assert "Hvad er ændret siden seneste kørsel" in response.text
    assert f'href="{URL}"' in response.text


def test_start_page_panel_without_changes_says_so(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(reverse("web:home"))
    assert response.context["changes"] == []
    assert "Ingen virksomheder i dit område er ændret siden seneste kørsel." in response.text


def test_the_list_reads_a_fixed_number_of_queries_however_many_rows(
    client: Client, personas, changes
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.a.consultant)
    client.get(URL)  # the session and the user are read once before the count
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    # given 30 more changes of firms with moves between municipalities
    for index in range(30):
        firm = make_company(municipality_code=101, name=f"Flyt {index}", rng_seed=100 + index)
        event(firm, CompanyEventKind.MOVED, "147", "101")
    # when the list is read again
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    # then it took as many queries as with three rows
    assert len(response.context["page"].items) == 33
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_register_status_is_worded_and_one_not_known_is_shown_in_sentence_case(
    client: Client, personas
) -> None:
    # given a firm closed with a status the list has no words for, and one under dissolution
    odd = make_company(municipality_code=101, name="Kbh Særlig ApS", rng_seed=43)
    dissolved = make_company(municipality_code=101, name="Kbh Opløst ApS", rng_seed=44)
    event(odd, CompanyEventKind.CLOSED, "UNDER REKONSTRUKTION", "SÆRLIG STATUS")
    event(dissolved, CompanyEventKind.COMPULSORY_DISSOLUTION, "NORMAL", "TVANGSOPLØST")
    client.force_login(personas.a.consultant)
    # when the list is opened
    text = client.get(URL).text
    # then the known statuses are in words and the unknown one in sentence case
    assert "<td>Under rekonstruktion</td>" in text and "<td>Særlig status</td>" in text
    assert "<td>Tvangsopløst</td>" in text


def _level_row(response: Any) -> tuple[str, str]:
    event = next(
        e for e in response.context["page"].items if e.kind == CompanyEventKind.LEVEL_MOVED
    )
    return event.from_label, event.to_label


def test_a_level_move_is_worded_in_the_readers_language(personas, changes) -> None:
    # given a level move stored by the levels' keys (established → potential)
    english, danish = Client(), Client()
    for reader, language in ((english, "en"), (danish, "da")):
        reader.force_login(personas.a.consultant)
        reader.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # when the list and the start page are read in English and in Danish
    in_english, in_danish = english.get(URL), danish.get(URL)
    home = english.get(reverse("web:home"))
    # then from and to are the levels' names in each language
    assert _level_row(in_english) == ("Established operation", "Growth potential")
    assert _level_row(in_danish) == ("Etableret drift", "Vækstpotentiale")
    assert "Established operation" in in_english.text and "Growth potential" in in_english.text
    assert "Etableret drift" not in in_english.text
    assert "Etableret drift" in in_danish.text
    assert "Established operation" in home.text


def test_a_level_move_stored_as_a_name_is_shown_as_stored(
    client: Client, personas, changes
) -> None:
    # given a move written before levels were stored by key, naming a level no one has now
    CompanyEvent.objects.filter(pk=changes["a_level"].pk).update(
        from_value="Gammelt niveau", to_value="potential"
    )
    client.force_login(personas.a.consultant)
    # when
    response = client.get(URL)
    # then the unknown value is shown as stored, the key by the level's name
    assert _level_row(response) == ("Gammelt niveau", "Vækstpotentiale")
