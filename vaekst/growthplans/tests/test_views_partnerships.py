"""Partnership pages: propose, accept for the house, states, the printable PDF; and
referrals from an action to a partner, answered by the partner."""

import re
import zlib
from typing import Any

import pytest
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import PartnershipStatus, ReferralStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan, PlanAction, Referral
from vaekst.growthplans.services import (
    accept_as_firm,
    accept_as_house,
    propose_partnership,
    refer_from_action,
    respond_to_referral,
    share_with_partner,
)
from vaekst.growthplans.views_partnerships import pdf_html

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def partnership_a(personas: Personas, plan_a: GrowthPlan) -> GrowthPartnership:
    return propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="10 nye job",
        house_commitment="Sparring hver måned",
        firm_milestones=plan_a.milestones.all(),
    )


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with its compressed streams inflated (metadata may sit in one)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_consultant_proposes_a_partnership(personas: Personas, plan_a: GrowthPlan) -> None:
    milestone = plan_a.milestones.get(title="Sælger ansat")
    response = _logged_in(personas.a.consultant).post(
        f"/vaekstplaner/{plan_a.public_id}/partnerskab/",
        {
            "firm_commitment": "10 nye job",
            "house_commitment": "Sparring",
            "house_hours": "25",
            "firm_milestones": [str(milestone.pk)],
        },
    )
    partnership = GrowthPartnership.objects.get(plan=plan_a)
    assert response.status_code == 302
    assert response["Location"] == f"/vaekstpartnerskaber/{partnership.public_id}/"
    assert partnership.status == PartnershipStatus.DRAFT
    assert list(partnership.firm_milestones.all()) == [milestone]
    assert partnership.house_hours == 25


def test_firm_then_house_accept_makes_it_active(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    client = _logged_in(personas.a.manager)
    response = client.post(f"/vaekstpartnerskaber/{partnership_a.public_id}/accepter/")
    assert response.status_code == 302
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.ACTIVE
    assert partnership_a.house_accepted_by == personas.a.manager
    page = client.get(f"/vaekstpartnerskaber/{partnership_a.public_id}/").content.decode()
    assert "Aktiv" in page
    assert "firm_a" in page and "manager_a" in page


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_see_or_accept_the_partnership(
    personas: Personas, partnership_a: GrowthPartnership, who: str
) -> None:
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    client = _logged_in(user)
    url = f"/vaekstpartnerskaber/{partnership_a.public_id}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "pdf/").status_code == 404
    assert client.post(url + "accepter/").status_code == 404
    assert client.post(url + "afslut/", {"reason": "x"}).status_code == 404
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.DRAFT
    assert partnership_a.house_accepted_at is None
    propose = client.post(
        f"/vaekstplaner/{partnership_a.plan.public_id}/partnerskab/",
        {"firm_commitment": "x", "house_commitment": "y"},
    )
    assert propose.status_code == 404
    assert GrowthPartnership.objects.count() == 1


def test_ending_needs_a_reason(personas: Personas, partnership_a: GrowthPartnership) -> None:
    client = _logged_in(personas.a.consultant)
    url = f"/vaekstpartnerskaber/{partnership_a.public_id}/afslut/"
    client.post(url, {"reason": ""})
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.DRAFT
    client.post(url, {"reason": "Virksomheden er solgt"})
    partnership_a.refresh_from_db()
    assert (partnership_a.status, partnership_a.ended_reason) == (
        PartnershipStatus.ENDED,
        "Virksomheden er solgt",
    )


def test_printable_pdf_of_partnership_and_plan(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    response = _logged_in(personas.a.consultant).get(
        f"/vaekstpartnerskaber/{partnership_a.public_id}/pdf/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    name = "Firma A ApS"
    # The title names the firm; PDF strings are Latin text or UTF-16 hex.
    assert name.encode() in text or name.encode("utf-16-be").hex().upper().encode() in text.upper()


def test_the_pdf_names_both_parties_and_who_accepted_when(
    personas: Personas, partnership_a: GrowthPartnership, rf: Any
) -> None:
    # given a firm whose name has characters a CSS string escape would garble
    company = partnership_a.plan.company
    company.name = "Møller & Jensen-Hansen ApS"
    company.save(update_fields=["name"])
    accept_as_firm(actor=personas.a.company_user, partnership=partnership_a)
    request = rf.get("/")
    request.user = personas.a.consultant
    # when
    html = pdf_html(request, GrowthPartnership.objects.get(pk=partnership_a.pk))
    # then the footer takes the name from the text (no \u0026 or \u002D in it)
    assert "\\u00" not in html
    assert "string-set: footer content()" in html
    assert "Vækstpartnerskab · Møller &amp; Jensen-Hansen ApS · CVR" in html
    # and both parties are named, the firm's acceptance with the person and the time
    assert f"For {personas.a.house.name}" in html
    assert f"{personas.a.house.name} forpligter sig til" in html
    assert str(personas.a.company_user) in html
    assert "accepteret " in html and "Ikke accepteret endnu" in html  # the house has not
    assert "Udkast:" in html
    assert "Periode</dt><dd>Ikke fastsat" in html


# Referrals ---------------------------------------------------------------------------------


def test_consultant_refers_from_an_action(personas: Personas, plan_a: GrowthPlan) -> None:
    action = PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    url = f"/vaekstplaner/{plan_a.public_id}/aktiviteter/{action.public_id}/henvis/"
    client = _logged_in(personas.a.consultant)
    form = client.get(url)
    assert form.context["form"].initial["to_organisation"] == personas.partner.pk
    response = client.post(url, {"to_organisation": personas.partner.pk, "note": "Driftskredit"})
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.to_organisation, referral.source_action, referral.note) == (
        personas.partner,
        action,
        "Driftskredit",
    )


def test_other_house_cannot_refer(personas: Personas, plan_a: GrowthPlan) -> None:
    action = PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    url = f"/vaekstplaner/{plan_a.public_id}/aktiviteter/{action.public_id}/henvis/"
    response = _logged_in(personas.b.consultant).post(url, {"to_organisation": personas.partner.pk})
    assert response.status_code == 404
    assert Referral.objects.count() == 0


def test_partner_accepts_and_completes_with_an_outcome(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    action = PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    referral = refer_from_action(actor=personas.a.consultant, action=action)
    client = _logged_in(personas.partner_advisor)
    inbox = client.get("/henvisninger/")
    assert [r.pk for r in inbox.context["referrals"]] == [referral.pk]
    assert "Firma A ApS" in inbox.content.decode()
    client.post(f"/henvisninger/{referral.public_id}/svar/", {"accept": "1", "note": "Vi ringer"})
    referral.refresh_from_db()
    assert (referral.status, referral.response_note) == (ReferralStatus.ACCEPTED, "Vi ringer")
    client.post(
        f"/henvisninger/{referral.public_id}/resultat/",
        {"outcome_kind": "capital_raised", "outcome_amount": "2500000"},
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_kind, referral.outcome_amount) == (
        ReferralStatus.COMPLETED,
        "capital_raised",
        2_500_000,
    )


def test_others_cannot_answer_a_referral(personas: Personas, plan_a: GrowthPlan) -> None:
    action = PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    referral = refer_from_action(actor=personas.a.consultant, action=action)
    url = f"/henvisninger/{referral.public_id}/svar/"
    assert _logged_in(personas.b.consultant).post(url, {"accept": "1"}).status_code == 404
    assert _logged_in(personas.b.company_user).post(url, {"accept": "1"}).status_code == 403
    # the sending house sees the referral but may not answer for the partner
    assert _logged_in(personas.a.consultant).post(url, {"accept": "1"}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert _logged_in(personas.b.consultant).get("/henvisninger/").context["referrals"] == []


def test_municipal_consultant_is_not_offered_and_cannot_use_house_acceptance(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given the firm's municipal consultant, who may open the partnership
    client = _logged_in(personas.a.municipal_consultant)
    url = f"/vaekstpartnerskaber/{partnership_a.public_id}/"
    page = client.get(url)
    assert page.status_code == 200
    # then the page offers no acceptance for the house
    assert url + "accepter/" not in page.content.decode()
    # when posting the acceptance anyway
    response = client.post(url + "accepter/")
    # then it is refused and nothing changed
    assert response.status_code == 302
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.DRAFT
    assert partnership_a.house_accepted_at is None and partnership_a.house_accepted_by is None


def _active(personas: Personas, partnership: GrowthPartnership) -> GrowthPartnership:
    accept_as_firm(actor=personas.a.company_user, partnership=partnership)
    return accept_as_house(actor=personas.a.consultant, partnership=partnership)


@pytest.mark.parametrize("who", ["b_consultant", "b_company_user", "partner_advisor"])
def test_outsiders_cannot_mark_the_partnership_fulfilled(
    personas: Personas, partnership_a: GrowthPartnership, who: str
) -> None:
    # given an active partnership, shared plan and all
    _active(personas, partnership_a)
    share_with_partner(
        actor=personas.a.company_user, plan=partnership_a.plan, organisation=personas.partner
    )
    user = {
        "b_consultant": personas.b.consultant,
        "b_company_user": personas.b.company_user,
        "partner_advisor": personas.partner_advisor,
    }[who]
    # when
    response = _logged_in(user).post(f"/vaekstpartnerskaber/{partnership_a.public_id}/opfyldt/")
    # then
    assert response.status_code == 404
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.ACTIVE
    assert partnership_a.closed_at is None


def test_the_firms_user_cannot_fulfil_or_end_on_the_staff_pages(
    personas: Personas, partnership_a: GrowthPartnership
) -> None:
    # given an active partnership the firm's user may see
    _active(personas, partnership_a)
    client = _logged_in(personas.a.company_user)
    url = f"/vaekstpartnerskaber/{partnership_a.public_id}/"
    # when
    fulfil = client.post(url + "opfyldt/")
    end = client.post(url + "afslut/", {"reason": "Vi stopper"})
    # then both are forbidden and nothing changed
    assert (fulfil.status_code, end.status_code) == (403, 403)
    partnership_a.refresh_from_db()
    assert partnership_a.status == PartnershipStatus.ACTIVE
    assert (partnership_a.closed_at, partnership_a.ended_reason) == (None, "")


def test_only_the_receiver_completes_a_referral_on_the_page(
    personas: Personas, plan_a: GrowthPlan
) -> None:
    # given a referral the partner has accepted
    action = PlanAction.objects.get(plan=plan_a, title="Introducér til bank")
    referral = refer_from_action(actor=personas.a.consultant, action=action)
    respond_to_referral(actor=personas.partner_advisor, referral=referral, accept=True)
    url = f"/henvisninger/{referral.public_id}/resultat/"
    data = {"outcome_kind": "capital_raised", "outcome_amount": "2500000"}
    # when the sender, the firm and another house try to record the outcome
    assert _logged_in(personas.a.consultant).post(url, data).status_code == 403
    assert _logged_in(personas.a.company_user).post(url, data).status_code == 403
    assert _logged_in(personas.b.consultant).post(url, data).status_code == 404
    # then it is still accepted, with no outcome
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_kind, referral.outcome_amount) == (
        ReferralStatus.ACCEPTED,
        "",
        None,
    )
