"""Eligibility as a specification: level and allowance, region, period and publication,
consumption, capacity, and overrides with a written, logged reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import Personas, make_company
from vaekst.audit.models import AuditEntry
from vaekst.offers.eligibility import check_eligibility
from vaekst.offers.models import EligibilityOverride, OfferUsage
from vaekst.offers.services import grant_override, record_usage
from vaekst.offers.tests.conftest import Catalogue, make_offer, place

TODAY = datetime.date(2026, 3, 1)


def test_core_offer_opens_by_level_with_the_default_allowances(personas, catalogue) -> None:
    # given firm A on each level in turn
    expected = {"high": Decimal(25), "potential": Decimal(12), "established": Decimal(4)}
    for level_key, allowance in expected.items():
        place(personas.a.company, level_key)
        # when asked about the core growth mapping
        answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
        # then the level's hours are all left
        assert (answer.allowed, answer.level_key, answer.allowance) == (True, level_key, allowance)
        assert (answer.used, answer.remaining, answer.unit) == (0, allowance, "hours")


def test_level_without_allowance_is_refused(personas, catalogue) -> None:
    place(personas.a.company, "base")
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert answer.allowed is False
    assert answer.reason == "Virksomhedens niveau giver ikke adgang til tilbuddet."
    assert answer.remaining == 0


def test_unscored_firm_is_refused_with_a_clear_reason(personas, catalogue) -> None:
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert answer.allowed is False
    assert answer.level_key is None
    assert answer.reason == "Virksomheden er endnu ikke placeret på et vækstniveau."


def test_additional_offer_is_for_the_houses_region_only(personas, catalogue) -> None:
    # given both firms on the high level
    place(personas.a.company, "high")
    place(personas.b.company, "high")
    # then house A's offer opens for firm A and not for firm B, and vice versa
    own = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    other = check_eligibility(company=personas.b.company, offer=catalogue.offer_a, on=TODAY)
    assert (own.allowed, own.remaining) == (True, Decimal(10))
    assert other.allowed is False
    assert other.reason == "Tilbuddet er kun for virksomheder i Region Hovedstaden."
    # and the core offer opens for both
    assert check_eligibility(company=personas.b.company, offer=catalogue.core, on=TODAY).allowed


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"is_published": False}, "Tilbuddet er ikke offentliggjort."),
        ({"starts_on": datetime.date(2026, 6, 1)}, "Tilbuddet starter først"),
        ({"ends_on": datetime.date(2025, 12, 31)}, "Tilbuddet sluttede"),
    ],
)
def test_unpublished_or_out_of_period_offer_is_refused(personas, fields, reason) -> None:
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Forløb", **fields)
    answer = check_eligibility(company=personas.a.company, offer=offer, on=TODAY)
    assert answer.allowed is False
    assert answer.reason.startswith(reason)


def test_usage_in_the_period_is_counted_against_the_allowance(personas, catalogue) -> None:
    # given firm A (high: 10 hours) with 4 hours used in the period and 3 before it started
    place(personas.a.company, "high")
    offer = catalogue.offer_a
    record_usage(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=offer,
        quantity=Decimal(4),
        used_on=TODAY,
    )
    OfferUsage.objects.create(
        offer=offer,
        company=personas.a.company,
        quantity=Decimal(3),
        used_on=datetime.date(2019, 12, 31),
        recorded_by=personas.a.consultant,
    )
    # when asked
    answer = check_eligibility(company=personas.a.company, offer=offer, on=TODAY)
    # then 6 hours are left
    assert (answer.allowed, answer.used, answer.remaining) == (True, Decimal(4), Decimal(6))


def test_used_up_allowance_is_refused(personas, catalogue) -> None:
    place(personas.a.company, "potential")
    record_usage(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.offer_a,
        quantity=Decimal(5),
        used_on=TODAY,
    )
    answer = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    assert (answer.allowed, answer.remaining) == (False, 0)
    assert answer.reason == "Virksomheden har brugt hele sin tildeling."


def test_record_usage_beyond_what_is_left_is_refused_and_changes_nothing(
    personas, catalogue
) -> None:
    place(personas.a.company, "potential")
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="Der er kun 5.0 tilbage"):
        record_usage(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.offer_a,
            quantity=Decimal(6),
            used_on=TODAY,
        )
    assert OfferUsage.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_record_usage_when_not_eligible_is_refused_with_the_reason(personas, catalogue) -> None:
    with pytest.raises(ValidationError, match="ikke placeret på et vækstniveau"):
        record_usage(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.core,
            quantity=Decimal(1),
            used_on=TODAY,
        )
    assert OfferUsage.objects.count() == 0


@pytest.mark.parametrize("who", ["b_consultant", "partner_advisor", "company_user"])
def test_record_usage_by_someone_not_serving_the_firm_is_refused(
    personas: Personas, catalogue: Catalogue, who: str
) -> None:
    place(personas.a.company, "high")
    actor = {
        "b_consultant": personas.b.consultant,
        "partner_advisor": personas.partner_advisor,
        "company_user": personas.a.company_user,
    }[who]
    with pytest.raises(PermissionDenied):
        record_usage(
            actor=actor, company=personas.a.company, offer=catalogue.core, quantity=Decimal(1)
        )
    assert OfferUsage.objects.count() == 0


def test_capacity_counts_distinct_firms_and_keeps_a_users_place(personas) -> None:
    # given an offer for one firm in the period, used by firm A
    other = make_company(municipality_code=101, name="Anden ApS", rng_seed=77)
    for company in (personas.a.company, other):
        place(company, "high")
    offer = make_offer(personas.a.house, "Camp", capacity=1)
    for _ in range(2):
        record_usage(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=offer,
            quantity=Decimal(1),
            used_on=TODAY,
        )
    # then the other firm finds it full, while firm A may go on
    full = check_eligibility(company=other, offer=offer, on=TODAY)
    assert (full.allowed, full.capacity_left) == (False, 0)
    assert full.reason == "Tilbuddet er fuldt: der er ikke flere pladser i perioden."
    mine = check_eligibility(company=personas.a.company, offer=offer, on=TODAY)
    assert (mine.allowed, mine.remaining, mine.capacity_left) == (True, Decimal(8), 0)


def test_override_with_a_reason_opens_the_offer_adds_extra_and_is_logged(
    personas, catalogue
) -> None:
    # given a base-level firm, which the core offer does not open
    place(personas.a.company, "base")
    # when its consultant grants an override with a reason and 3 hours
    override = grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="  Ny ejer med klar eksportplan.  ",
        extra_quantity=Decimal(3),
    )
    # then the firm may use 3 hours, the answer says why, and the audit trail has it
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert (answer.allowed, answer.remaining, answer.override) == (True, Decimal(3), override)
    assert answer.reason == "Undtagelse: Ny ejer med klar eksportplan."
    entry = AuditEntry.objects.get(object_type="offers.eligibilityoverride")
    assert (entry.actor, entry.company_cvr, entry.region_code) == (
        personas.a.consultant,
        personas.a.company.cvr,
        1084,
    )
    assert entry.changes["reason"] == [None, "Ny ejer med klar eksportplan."]


def test_override_adds_to_the_levels_allowance_and_opens_an_unscored_firm(
    personas, catalogue
) -> None:
    # given an unscored firm and an override that names no quantity
    grant_override(
        actor=personas.a.municipal_consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Ikke scoret endnu; konsulentens vurdering.",
    )
    # then it grants the core offer's default: the lowest level's 4 hours (25, 12, 4)
    unscored = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert (unscored.allowed, unscored.remaining, unscored.level_key) == (True, Decimal(4), None)
    assert unscored.reason == "Undtagelse: Ikke scoret endnu; konsulentens vurdering."
    # when a second override names 5 hours and the firm is placed on potential (12 hours)
    grant_override(
        actor=personas.a.manager,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Mere sparring.",
        extra_quantity=Decimal(5),
    )
    place(personas.a.company, "potential")
    # then both overrides add to the level's allowance: 12 + 4 + 5
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert (answer.allowed, answer.remaining) == (True, Decimal(21))


def test_override_without_quantity_opens_a_level_without_allowance_and_is_logged(
    personas, catalogue
) -> None:
    # given a base-level firm, which house A's offer (high 10, potential 5) does not open
    place(personas.a.company, "base")
    refused = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    assert (refused.allowed, refused.remaining) == (False, Decimal(0))
    # when a consultant overrides with a reason and no quantity, as a growth plan's action does
    override = grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.offer_a,
        reason="Stærk kapitalplan.",
    )
    # then the firm may use the offer's default, the lowest level's 5 hours
    answer = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    assert (answer.allowed, answer.remaining, answer.override) == (True, Decimal(5), override)
    assert (answer.allowance, answer.unit) == (None, "hours")
    # and the override and the audit trail say who granted how much, why and when
    assert override.extra_quantity == Decimal(5)
    entry = AuditEntry.objects.get(object_type="offers.eligibilityoverride")
    assert (entry.actor, entry.company_cvr) == (personas.a.consultant, personas.a.company.cvr)
    assert entry.changes["reason"] == [None, "Stærk kapitalplan."]
    assert entry.changes["extra_quantity"] == [None, "5.0"]
    assert entry.changes["quantity_named"] == [None, False]
    assert entry.at is not None and entry.at <= timezone.now()
    # and the hours can be recorded against it, until they are used up
    record_usage(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.offer_a,
        quantity=Decimal(5),
        used_on=TODAY,
    )
    spent = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    assert (spent.allowed, spent.remaining) == (False, Decimal(0))
    assert spent.reason == "Virksomheden har brugt hele sin tildeling."


def test_override_of_an_offer_without_allowances_grants_one_unit(personas) -> None:
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Netværk", allowances={})
    grant_override(
        actor=personas.a.consultant, company=personas.a.company, offer=offer, reason="Pilot."
    )
    answer = check_eligibility(company=personas.a.company, offer=offer, on=TODAY)
    assert (answer.allowed, answer.remaining) == (True, Decimal(1))


def test_expired_override_no_longer_counts(personas, catalogue) -> None:
    place(personas.a.company, "base")
    grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Midlertidig adgang.",
        extra_quantity=Decimal(2),
        valid_until=datetime.date(2026, 2, 28),
    )
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert (answer.allowed, answer.override) == (False, None)


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_override_without_a_reason_is_refused_and_changes_nothing(
    personas, catalogue, reason
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="Skriv en begrundelse"):
        grant_override(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.core,
            reason=reason,
        )
    assert EligibilityOverride.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_override_cannot_open_another_regions_offer(personas, catalogue) -> None:
    with pytest.raises(ValidationError, match="ikke for virksomheder i denne region"):
        grant_override(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.offer_b,
            reason="Forsøg",
        )
    assert EligibilityOverride.objects.count() == 0


def test_consultant_of_other_house_cannot_grant_an_override(personas, catalogue) -> None:
    with pytest.raises(PermissionDenied):
        grant_override(
            actor=personas.b.consultant,
            company=personas.a.company,
            offer=catalogue.core,
            reason="Forsøg",
        )
    assert EligibilityOverride.objects.count() == 0


def close(company, **fields) -> None:
    for name, value in fields.items():
        setattr(company, name, value)
    company.save(update_fields=list(fields))


def test_closed_firm_is_refused_on_its_stale_score(personas, catalogue) -> None:
    # given firm A placed on the top level, then closed in the register (the score stays)
    place(personas.a.company, "high")
    close(
        personas.a.company,
        is_active=False,
        status="OPHØRT",
        closed_on=datetime.date(2026, 2, 1),
    )
    # when asked about the core offer after the closure
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    # then it is refused with nothing left, whatever the level says
    assert (answer.allowed, answer.remaining, answer.level_key) == (False, Decimal(0), "high")
    assert answer.reason == "Virksomheden er ophørt."
    # and on a day before the closure the level still opened it
    before = check_eligibility(
        company=personas.a.company, offer=catalogue.core, on=datetime.date(2026, 1, 31)
    )
    assert (before.allowed, before.remaining) == (True, Decimal(25))


def test_inactive_firm_without_a_closing_date_is_refused(personas, catalogue) -> None:
    place(personas.a.company, "high")
    close(personas.a.company, is_active=False)
    answer = check_eligibility(company=personas.a.company, offer=catalogue.offer_a, on=TODAY)
    assert (answer.allowed, answer.reason) == (False, "Virksomheden er ophørt.")


def test_an_override_does_not_open_offers_for_a_closed_firm(personas, catalogue) -> None:
    # given an override granted while the firm was active, and the firm closed since
    place(personas.a.company, "base")
    grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Ny ejer.",
        extra_quantity=Decimal(3),
    )
    close(personas.a.company, is_active=False, closed_on=datetime.date(2026, 2, 1))
    # then the override no longer opens the offer, and no new override can be granted
    answer = check_eligibility(company=personas.a.company, offer=catalogue.core, on=TODAY)
    assert (answer.allowed, answer.reason) == (False, "Virksomheden er ophørt.")
    with pytest.raises(ValidationError, match="Virksomheden er ophørt."):
        grant_override(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.core,
            reason="Forsøg efter ophør.",
        )
    assert EligibilityOverride.objects.count() == 1


def test_usage_cannot_be_recorded_for_a_closed_firm(personas, catalogue) -> None:
    place(personas.a.company, "high")
    close(personas.a.company, is_active=False, closed_on=datetime.date(2026, 2, 1))
    with pytest.raises(ValidationError, match="Virksomheden er ophørt."):
        record_usage(
            actor=personas.a.consultant,
            company=personas.a.company,
            offer=catalogue.core,
            quantity=Decimal(1),
            used_on=TODAY,
        )
    assert OfferUsage.objects.count() == 0
