"""The demo seeds programmes and runs in every state in both demo areas, once."""

import pytest

from conftest import make_company
from vaekst.offers.tests.conftest import place
from vaekst.programmes.choices import RunStatus
from vaekst.programmes.demo import NATIONAL, seed_programmes
from vaekst.programmes.models import (
    Attendance,
    Enrolment,
    Network,
    Programme,
    ProgrammeRun,
    SurveyResponse,
)
from vaekst.programmes.selectors_surveys import due_count
from vaekst.register.models import CompanyMembership
from vaekst.web.demo import seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    # Two thirds high, a third potential: every programme opens to them.
    levels = ["high", "high", "potential"]
    for seed in range(200):
        company = make_company(
            municipality_code=101 if seed % 2 else 751,
            name=f"Demo {seed} ApS",
            rng_seed=500 + seed,
            employees=5.0 + seed,
        )
        place(company, levels[seed % 3])
    seed_demo(interactions_per_area=1)


def test_the_demo_has_runs_in_every_state_in_both_areas(demo: None) -> None:
    # when
    created = seed_programmes()
    # then
    assert created == 8
    assert Programme.objects.filter(offer__is_core=True).count() == len(NATIONAL)
    for house_region in (1084, 1082):
        runs = ProgrammeRun.objects.filter(organiser__region_id=house_region)
        finished = runs.get(status=RunStatus.FINISHED)
        assert Attendance.objects.filter(session__run=finished, present=True).exists()
        # most firms that took part have answered the survey; the demo firm has not
        answered = SurveyResponse.objects.filter(run=finished).count()
        assert 0 < answered < finished.enrolments.enrolled().count()
        assert any(run.enrolments.waitlisted().exists() for run in runs)
        large = runs.get(capacity=60)
        assert large.enrolments.enrolled().count() > large.cohort_max
        assert large.cohorts.count() >= 2
        assert not large.enrolments.enrolled().filter(cohort__isnull=True).exists()
        network = Network.objects.get(source_cohort__run=finished)
        assert network.meetings.count() == 2
        assert network.contacts.filter(withdrawn_at__isnull=True).exists()
    # the demo firms took part in last season's camp and have its survey to answer
    for username in ("virksomhed_kbh", "virksomhed_aarhus"):
        firm = CompanyMembership.objects.get(user__username=username).company
        assert Enrolment.objects.filter(company=firm, run__status=RunStatus.FINISHED).exists()
        assert due_count(firm) == 1


def test_seeding_again_changes_nothing(demo: None) -> None:
    seed_programmes()
    counts = (
        ProgrammeRun.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
        SurveyResponse.objects.count(),
    )
    assert seed_programmes() == 0
    assert counts == (
        ProgrammeRun.objects.count(),
        Enrolment.objects.count(),
        Attendance.objects.count(),
        SurveyResponse.objects.count(),
    )
