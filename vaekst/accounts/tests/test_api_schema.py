"""The API against its own OpenAPI document: schemathesis generates requests for every operation
(valid ones and invalid ones) from /api/openapi.json, sends them in-process through the WSGI
application with a real token of a consultant who has a plan, a partnership and scored firms in
scope (and of that firm's own user, who is refused more), and fails on a 500, a status the
document does not declare, or an answer that does not match its schema.

Bounded so that it runs in every `make test`: a fixed number of examples per operation, chosen
deterministically (derandomized, no example database), no shrinking. It runs in the test's
transaction, so the changes it makes (an accepted partnership, a milestone's progress) are rolled
back like any other test's."""

import itertools
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import Personas, make_company
from vaekst.accounts.services import create_api_token
from vaekst.growthplans.models import GrowthPlan
from vaekst.growthplans.services import propose_partnership
from vaekst.offers.models import Offer
from vaekst.organisations.choices import OrganisationKind
from vaekst.organisations.models import Organisation
from vaekst.programmes.choices import EnrolmentChannel, EnrolmentStatus
from vaekst.programmes.models import Enrolment
from vaekst.programmes.tests.conftest import make_programme, make_run
from vaekst.register.models import YearlyFigures
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring

EXAMPLES_PER_OPERATION = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]


@pytest.fixture
def test_connection_kept() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, whose request signals would close the
    database connection after each request, and with it the test's transaction (PostgreSQL);
    Django's test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["consultant", "company_user"])
def world(
    request: pytest.FixtureRequest,
    test_connection_kept: None,
    personas: Personas,
    plan_a: GrowthPlan,
) -> dict[str, Any]:
    """Side A with something behind every path: plan A with its mapping, milestones and
    actions, a draft partnership, scored firms, the catalogue, a programme run with firm A
    enrolled; and firm B outside it. Returns
    the token of the caller (A's consultant, who may change the plan, or firm A's own user, who
    reads it and is refused levels and most changes) and the real ids to put into paths."""
    partnership = propose_partnership(
        actor=personas.a.consultant,
        plan=plan_a,
        firm_commitment="Ansætte en sælger",
        house_commitment="20 timers sparring",
        house_hours=Decimal(20),
    )
    neighbour = make_company(municipality_code=101, name="Kbh Stabil ApS", rng_seed=31)
    for year, employees in zip(range(2021, 2025), [6, 6, 7, 9], strict=True):
        YearlyFigures.objects.create(company=neighbour, year=year, employees=employees)
    run_scoring(request_scoring(actor=None))
    _, token = create_api_token(user=getattr(personas.a, request.param), name="schemathesis")
    offer = Offer.objects.filter(is_published=True).first()
    training = programme_run_with_firm_a(personas)
    return {
        "token": token,
        "ids": {
            "cvr": f"{personas.a.company.cvr:08d}",
            "plan_id": str(plan_a.public_id),
            "milestone_id": str(plan_a.milestones.first().public_id),  # type: ignore[union-attr]
            "action_id": str(plan_a.actions.first().public_id),  # type: ignore[union-attr]
            "mapping_id": str(plan_a.source_mapping.public_id),  # type: ignore[union-attr]
            "partnership_id": str(partnership.public_id),
            "offer_id": str(offer.public_id if offer else uuid.uuid4()),
            **training,
        },
    }


def programme_run_with_firm_a(personas: Personas) -> dict[str, str]:
    """A national programme, house A's open run of it with firm A enrolled, and the ids."""
    national = Organisation.objects.get(kind=OrganisationKind.NATIONAL)
    programme = make_programme(national)
    run = make_run(programme, personas.a.house, personas.a.consultant)
    enrolment = Enrolment.objects.create(
        run=run,
        company=personas.a.company,
        status=EnrolmentStatus.ENROLLED,
        channel=EnrolmentChannel.CONSULTANT,
        enrolled_by=personas.a.consultant,
    )
    return {
        "programme_id": str(programme.offer.public_id),
        "run_id": str(run.public_id),
        "session_id": str(run.sessions.values_list("public_id", flat=True)[0]),
        "enrolment_id": str(enrolment.public_id),
    }


# The document as the application serves it (no database needed to read it); the requests go
# to the same WSGI application. One test per operation.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
# Every other example of an operation gets real ids in its path (the rest keep the generated
# ones, mostly a 404 or a 422), so that the answers about real objects are checked too.
_turns = itertools.count()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_openapi_document_says(case: Any, world: dict[str, Any]) -> None:
    if case.path_parameters and next(_turns) % 2 == 0:
        for name in case.path_parameters:
            case.path_parameters[name] = world["ids"].get(name, case.path_parameters[name])
    case.call_and_validate(headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS)
