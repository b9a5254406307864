"""The firm's home page: its level by the external name only, the plan summary, the
partnership, the offers it may use and coming programmes; refused for everyone else."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import Personas
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services import add_milestone
from vaekst.offers.models import Offer
from vaekst.offers.tests.conftest import make_offer
from vaekst.portal.tests.conftest import logged_in


def test_firm_user_sees_its_level_plan_partnership_and_offers(
    personas: Personas,
    plan_a: GrowthPlan,
    placed_a: Any,
    partnership_a: GrowthPartnership,
    programme_a: Offer,
) -> None:
    # given an offer of house A running now, and one of house B (another region)
    make_offer(personas.a.house, "Kapital Hovedstaden")
    make_offer(personas.b.house, "Eksport Midt")
    # when
    response = logged_in(personas.a.company_user).get("/portal/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Firma A ApS</h1>" in html
    assert "Jeres vækstniveau: <strong>Hovedstadsløft</strong>" in html
    # never the internal name or the explanation
    assert "Vækstpotentiale</" not in html and "Højt vækstpotentiale" not in html
    summary = response.context["summary"]
    assert (summary.milestones_done, summary.milestones_total) == (0, 3)
    assert [str(goal) for goal in summary.content.goals] == ["Flere ansatte", "Bruttofortjeneste"]
    assert "0 af 3 milepæle nået" in html
    assert response.context["partnership"] == partnership_a
    assert response.context["may_accept"] is True
    assert "Acceptér partnerskabet" in html
    allowed = [(e.offer.title, e.remaining) for e in response.context["offers"].allowed]
    # the programme has not started, so it is coming rather than usable
    assert allowed == [("Vækstkortlægning", 12), ("Kapital Hovedstaden", 5)]


def test_firm_without_plan_or_level_sees_an_explanation(personas: Personas) -> None:
    response = logged_in(personas.b.company_user).get("/portal/")
    assert response.status_code == 200
    assert response.context["summary"] is None
    assert response.context["level_name"] is None
    assert "endnu ikke placeret på et vækstniveau" in response.content.decode()


@pytest.mark.parametrize("who", ["consultant", "partner_advisor", "national_admin"])
def test_portal_is_only_for_firms_users(personas: Personas, plan_a: GrowthPlan, who: str) -> None:
    user = getattr(personas.a, who, None) or getattr(personas, who)
    for path in ["/portal/", "/portal/plan/", "/portal/deling/", "/portal/kolleger/"]:
        assert logged_in(user).get(path).status_code == 403


def test_anonymous_is_sent_to_login(client: Any) -> None:
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_company_user_lands_on_the_portal_after_login(personas: Personas) -> None:
    response = logged_in(personas.a.company_user).get("/")
    assert (response.status_code, response["Location"]) == (302, "/portal/")
    assert logged_in(personas.a.consultant).get("/").status_code == 200


def test_nav_shows_min_virksomhed_only_to_company_users(personas: Personas) -> None:
    firm = logged_in(personas.a.company_user).get("/portal/").content.decode()
    staff = logged_in(personas.a.consultant).get("/").content.decode()
    assert "Min virksomhed" in firm
    assert "Min virksomhed" not in staff


def test_home_queries_do_not_grow_with_the_plan(
    personas: Personas, plan_a: GrowthPlan, placed_a: Any, partnership_a: Any, programme_a: Any
) -> None:
    client = logged_in(personas.a.company_user)
    client.get("/portal/")  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as before:
        assert client.get("/portal/").status_code == 200
    # given many more milestones
    plan = plan_a
    for number in range(10):
        plan.refresh_from_db()
        add_milestone(
            actor=personas.a.consultant,
            plan=plan,
            expected_revision=plan.revision,
            title=f"Trin {number}",
        )
    with CaptureQueriesContext(connection) as after:
        assert client.get("/portal/").status_code == 200
    assert len(after) == len(before)
    # the plan, the partnership, the offers, the firm's runs and the surveys due: a fixed number
    assert len(after) <= 24
