"""Eligibility on its boundaries: the offer's first and last day, the firm's own closing
day, usage on the edges of the period, the last hour and the last place, an override on its
last valid day, a firm without a municipality, and many offers answered at once."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_company
from vaekst.offers.choices import AllowanceUnit
from vaekst.offers.eligibility import (
    check_eligibility,
    company_closed,
    eligibility_for_company,
)
from vaekst.offers.models import EligibilityOverride, Offer, OfferAllowance, OfferUsage
from vaekst.offers.selectors import visible_offers
from vaekst.offers.services import grant_override
from vaekst.offers.tests.conftest import make_offer, place
from vaekst.register.models import Company

FIRST = datetime.date(2026, 3, 1)
LAST = datetime.date(2026, 3, 31)
DAY = datetime.timedelta(days=1)


def use(personas, company, offer: Offer, quantity: int, on: datetime.date) -> None:
    """A usage row as the register of usage holds it (also outside the offer's period)."""
    OfferUsage.objects.create(
        offer=offer,
        company=company,
        quantity=Decimal(quantity),
        used_on=on,
        recorded_by=personas.a.consultant,
    )


def answer_on(personas, offer: Offer, day: datetime.date):
    return check_eligibility(company=personas.a.company, offer=offer, on=day)


def test_an_offer_is_open_from_its_first_through_its_last_day(personas) -> None:
    # given a March offer and firm A on the high level (10 hours)
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Marts", starts_on=FIRST, ends_on=LAST)
    # when asked the day before, on the first day, on the last day and the day after
    before, first, last, after = (
        answer_on(personas, offer, day) for day in (FIRST - DAY, FIRST, LAST, LAST + DAY)
    )
    # then it is open on its first and on its last day
    assert (first.allowed, first.remaining) == (True, Decimal(10))
    assert (last.allowed, last.remaining) == (True, Decimal(10))
    assert (first.reason, last.reason) == ("Virksomhedens niveau giver adgang.",) * 2
    # and closed on either side, saying when
    assert (before.allowed, before.remaining) == (False, Decimal(0))
    assert before.reason == "Tilbuddet starter først 1. marts 2026."
    assert (after.allowed, after.remaining) == (False, Decimal(0))
    assert after.reason == "Tilbuddet sluttede 31. marts 2026."


def test_an_offer_without_an_end_is_open_after_it_started(personas) -> None:
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Løbende", starts_on=FIRST, ends_on=None)
    assert answer_on(personas, offer, datetime.date(2040, 1, 1)).allowed is True


def test_an_offer_without_a_start_is_open_until_it_ends(personas) -> None:
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Altid", starts_on=None, ends_on=LAST)
    assert answer_on(personas, offer, datetime.date(1990, 1, 1)).allowed is True
    assert answer_on(personas, offer, LAST + DAY).allowed is False


def close(company, closed_on: datetime.date | None, is_active: bool = False) -> None:
    company.closed_on = closed_on
    company.is_active = is_active
    company.save(update_fields=["closed_on", "is_active"])


def test_a_firm_asking_on_its_own_closing_day_is_refused(personas, catalogue) -> None:
    # given firm A on the high level, closing on 15 March
    place(personas.a.company, "high")
    closing = datetime.date(2026, 3, 15)
    close(personas.a.company, closing)
    # then on its closing day it is closed, and the day before it was not
    on_the_day = answer_on(personas, catalogue.core, closing)
    assert (on_the_day.allowed, on_the_day.reason) == (False, "Virksomheden er ophørt.")
    assert on_the_day.remaining == Decimal(0)
    day_before = answer_on(personas, catalogue.core, closing - DAY)
    assert (day_before.allowed, day_before.remaining) == (True, Decimal(25))


def test_a_closing_date_decides_over_the_active_flag(personas) -> None:
    company = personas.a.company
    closing = datetime.date(2026, 3, 15)
    # a future closing date: closed from that day, whatever the flag says
    close(company, closing, is_active=True)
    assert [company_closed(company, d) for d in (closing - DAY, closing, closing + DAY)] == [
        False,
        True,
        True,
    ]
    close(company, closing, is_active=False)
    assert company_closed(company, closing - DAY) is False
    # without a date the flag decides
    close(company, None, is_active=False)
    assert company_closed(company, closing) is True
    close(company, None, is_active=True)
    assert company_closed(company, closing) is False


def test_usage_on_the_first_and_last_day_of_the_period_counts_and_outside_it_not(
    personas,
) -> None:
    # given a March offer (high: 10 hours) and usage on the day before, the first day, the
    # last day and the day after
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Marts", starts_on=FIRST, ends_on=LAST)
    for quantity, day in ((1, FIRST - DAY), (2, FIRST), (3, LAST), (4, LAST + DAY)):
        use(personas, personas.a.company, offer, quantity, day)
    # then the first and the last day's usage count: 2 + 3 of 10 hours
    answer = answer_on(personas, offer, LAST)
    assert (answer.allowed, answer.used, answer.remaining) == (True, Decimal(5), Decimal(5))


def test_the_last_hour_is_still_open_and_none_left_is_refused(personas, catalogue) -> None:
    # given firm A on potential (house A's offer: 5 hours) with 4 hours used
    place(personas.a.company, "potential")
    use(personas, personas.a.company, catalogue.offer_a, 4, FIRST)
    one_left = answer_on(personas, catalogue.offer_a, FIRST)
    assert (one_left.allowed, one_left.used, one_left.remaining) == (
        True,
        Decimal(4),
        Decimal(1),
    )
    # when the last hour is used, then nothing is left
    use(personas, personas.a.company, catalogue.offer_a, 1, FIRST)
    none_left = answer_on(personas, catalogue.offer_a, FIRST)
    assert (none_left.allowed, none_left.used, none_left.remaining) == (
        False,
        Decimal(5),
        Decimal(0),
    )
    assert none_left.reason == "Virksomheden har brugt hele sin tildeling."
    # and more than the allowance recorded leaves nothing, not a negative amount
    use(personas, personas.a.company, catalogue.offer_a, 2, FIRST)
    assert answer_on(personas, catalogue.offer_a, FIRST).remaining == Decimal(0)


def test_the_last_place_counts_distinct_firms_in_the_period(personas) -> None:
    # given an offer with two places in March, used twice by one firm, and by a second
    # firm only before the period
    place(personas.a.company, "high")
    offer = make_offer(personas.a.house, "Camp", capacity=2, starts_on=FIRST, ends_on=LAST)
    first = make_company(municipality_code=101, name="Første ApS", rng_seed=81)
    early = make_company(municipality_code=101, name="Tidlig ApS", rng_seed=82)
    use(personas, first, offer, 1, FIRST)
    use(personas, first, offer, 1, LAST)
    use(personas, early, offer, 1, FIRST - DAY)
    # then one place is left for firm A
    answer = answer_on(personas, offer, FIRST)
    assert (answer.allowed, answer.capacity_left) == (True, 1)
    # when a second firm takes it, then firm A finds the offer full
    second = make_company(municipality_code=101, name="Anden ApS", rng_seed=83)
    use(personas, second, offer, 1, FIRST)
    full = answer_on(personas, offer, FIRST)
    assert (full.allowed, full.capacity_left, full.remaining) == (False, 0, Decimal(0))
    assert full.reason == "Tilbuddet er fuldt: der er ikke flere pladser i perioden."
    # and more users than places (recorded before the capacity was lowered) is still full
    third = make_company(municipality_code=101, name="Tredje ApS", rng_seed=84)
    use(personas, third, offer, 1, FIRST)
    assert answer_on(personas, offer, FIRST).capacity_left == 0
    # an offer without a capacity has no count of places
    assert answer_on(personas, make_offer(personas.a.house, "Åben"), FIRST).capacity_left is None


def test_an_override_counts_through_its_last_valid_day(personas, catalogue) -> None:
    # given a base-level firm with an override of 2 hours valid until 15 March
    place(personas.a.company, "base")
    until = datetime.date(2026, 3, 15)
    override = grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Midlertidig adgang.",
        extra_quantity=Decimal(2),
        valid_until=until,
    )
    # then on its last day it opens the offer, and the day after not
    last_day = answer_on(personas, catalogue.core, until)
    assert (last_day.allowed, last_day.remaining, last_day.override) == (
        True,
        Decimal(2),
        override,
    )
    day_after = answer_on(personas, catalogue.core, until + DAY)
    assert (day_after.allowed, day_after.override) == (False, None)
    assert day_after.reason == "Virksomhedens niveau giver ikke adgang til tilbuddet."


def test_the_newest_override_is_the_one_shown_and_all_of_them_add_up(personas, catalogue) -> None:
    place(personas.a.company, "base")
    older = grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Første.",
        extra_quantity=Decimal(2),
    )
    newer = grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=catalogue.core,
        reason="Anden.",
        extra_quantity=Decimal(3),
    )
    EligibilityOverride.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    answer = answer_on(personas, catalogue.core, FIRST)
    assert (answer.allowed, answer.remaining, answer.override) == (True, Decimal(5), newer)
    assert answer.reason == "Undtagelse: Anden."


def test_an_override_on_a_full_offer_lets_a_newcomer_in(personas) -> None:
    # given a one-place offer taken by another firm, and firm A without a level
    offer = make_offer(personas.a.house, "Camp", capacity=1)
    other = make_company(municipality_code=101, name="Anden ApS", rng_seed=85)
    use(personas, other, offer, 1, FIRST)
    grant_override(
        actor=personas.a.consultant,
        company=personas.a.company,
        offer=offer,
        reason="Særlig plads.",
        extra_quantity=Decimal(1),
    )
    answer = answer_on(personas, offer, FIRST)
    assert (answer.allowed, answer.remaining, answer.capacity_left) == (True, Decimal(1), 0)


def test_a_firm_without_a_municipality_gets_core_offers_only(personas, catalogue) -> None:
    company = personas.a.company
    company.municipality = None
    company.save(update_fields=["municipality"])
    place(company, "high")
    own = check_eligibility(company=company, offer=catalogue.offer_a, on=FIRST)
    assert (own.allowed, own.reason) == (
        False,
        "Tilbuddet er kun for virksomheder i Region Hovedstaden.",
    )
    assert check_eligibility(company=company, offer=catalogue.core, on=FIRST).allowed is True


def test_the_unit_is_told_also_when_the_level_has_no_allowance(personas) -> None:
    place(personas.a.company, "base")
    counted = make_offer(personas.a.house, "Timer")
    uncounted = make_offer(personas.a.house, "Netværk", allowances={})
    assert answer_on(personas, counted, FIRST).unit == "hours"
    assert answer_on(personas, uncounted, FIRST).unit == ""


def test_many_offers_at_once_answer_as_one_at_a_time(personas, catalogue) -> None:
    # given firm A on potential, 2 hours used of house A's offer
    place(personas.a.company, "potential")
    use(personas, personas.a.company, catalogue.offer_a, 2, FIRST)
    ids = [catalogue.core.pk, catalogue.offer_a.pk, catalogue.offer_b.pk]
    # when asked for the offers as loaded for a page (allowances prefetched) and as plain rows
    loaded = sorted(visible_offers(personas.a.consultant).filter(pk__in=ids), key=lambda o: o.pk)
    plain = sorted(Offer.objects.filter(pk__in=ids), key=lambda o: o.pk)
    answers = [
        [
            (a.offer.pk, a.allowed, a.allowance, a.remaining, a.unit)
            for a in eligibility_for_company(company=personas.a.company, offers=offers, on=FIRST)
        ]
        for offers in (loaded, plain)
    ]
    # then both give the level's allowance of each offer and what is left
    expected = {
        catalogue.core.pk: (True, Decimal(12), Decimal(12), "hours"),
        catalogue.offer_a.pk: (True, Decimal(5), Decimal(3), "hours"),
        catalogue.offer_b.pk: (False, Decimal(5), Decimal(0), "hours"),
    }
    assert answers[0] == answers[1] == [(pk, *expected[pk]) for pk in sorted(ids)]
    single = [answer_on(personas, offer, FIRST) for offer in plain]
    assert [(a.offer.pk, a.allowed, a.remaining) for a in single] == [
        (pk, expected[pk][0], expected[pk][2]) for pk in sorted(ids)
    ]


def test_without_a_day_the_answer_is_for_today(personas) -> None:
    place(personas.a.company, "high")
    today = timezone.localdate()
    ended = make_offer(personas.a.house, "Slut i går", ends_on=today - DAY)
    running = make_offer(personas.a.house, "Slut i dag", ends_on=today)
    assert check_eligibility(company=personas.a.company, offer=ended).allowed is False
    assert check_eligibility(company=personas.a.company, offer=running).allowed is True


@pytest.mark.parametrize("level_key", ["high", "potential"])
def test_a_firm_placed_elsewhere_does_not_borrow_another_levels_allowance(
    personas, level_key
) -> None:
    place(personas.a.company, level_key)
    offer = make_offer(personas.a.house, "Kun høj", allowances={"high": 7})
    answer = answer_on(personas, offer, FIRST)
    assert (answer.allowed, answer.allowance) == (
        (True, Decimal(7)) if level_key == "high" else (False, None)
    )


def test_another_firms_override_opens_nothing_for_this_one(personas, catalogue) -> None:
    # given firm A on the base level, and an override for another firm on the same offer
    place(personas.a.company, "base")
    other = make_company(municipality_code=101, name="Anden ApS", rng_seed=86)
    grant_override(
        actor=personas.a.consultant,
        company=other,
        offer=catalogue.core,
        reason="Kun for den anden.",
        extra_quantity=Decimal(3),
    )
    # then firm A is still refused, with no override and nothing left
    answer = answer_on(personas, catalogue.core, FIRST)
    assert (answer.allowed, answer.override, answer.remaining) == (False, None, Decimal(0))
    assert answer.reason == "Virksomhedens niveau giver ikke adgang til tilbuddet."


def test_the_unit_is_that_of_the_firms_own_level(personas) -> None:
    # given an offer counted in hours on the high level and in meetings on potential
    offer = make_offer(personas.a.house, "Sparring", allowances={"high": 10})
    OfferAllowance.objects.create(
        offer=offer, level_key="potential", quantity=Decimal(3), unit=AllowanceUnit.SESSIONS
    )
    place(personas.a.company, "potential")
    answer = answer_on(personas, offer, FIRST)
    assert (answer.allowed, answer.allowance, answer.unit) == (True, Decimal(3), "sessions")


def reading(table: str, queries: CaptureQueriesContext) -> int:
    return sum(f'FROM "{table}"' in query["sql"] for query in queries.captured_queries)


def test_many_offers_are_answered_in_a_fixed_number_of_queries(personas, catalogue) -> None:
    # given firm A (loaded with its municipality) on potential and three offers without a
    # capacity, loaded for a page (owners and allowances with them) and as plain rows
    place(personas.a.company, "potential")
    company = Company.objects.select_related("municipality").get(pk=personas.a.company.pk)
    ids = [catalogue.core.pk, catalogue.offer_a.pk, catalogue.offer_b.pk]
    loaded = list(visible_offers(personas.a.consultant).filter(pk__in=ids))
    plain = list(Offer.objects.filter(pk__in=ids))
    # then for the loaded offers: the level, the usage and the overrides, three queries,
    # and no place is counted without a capacity
    with CaptureQueriesContext(connection) as queries:
        eligibility_for_company(company=company, offers=loaded, on=FIRST)
    assert len(queries) == 3
    assert reading("offers_offerallowance", queries) == 0
    assert reading("offers_offerusage", queries) == 1
    # and plain offers have their allowances read in one query for all of them
    with CaptureQueriesContext(connection) as queries:
        eligibility_for_company(company=company, offers=plain, on=FIRST)
    assert reading("offers_offerallowance", queries) == 1
    # and an offer with places adds the one count of firms
    limited = make_offer(personas.a.house, "Camp", capacity=3)
    with CaptureQueriesContext(connection) as queries:
        eligibility_for_company(company=company, offers=[*loaded, limited], on=FIRST)
    assert reading("offers_offerusage", queries) == 2
