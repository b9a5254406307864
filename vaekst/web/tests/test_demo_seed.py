"""The demo's seeding creates a user for every role and is idempotent."""

import pytest
from django.contrib.auth import authenticate

from conftest import make_company
from vaekst.accounts.models import User
from vaekst.interactions.models import Interaction, Person
from vaekst.organisations.choices import Role
from vaekst.organisations.models import Organisation
from vaekst.register.models import CompanyMembership
from vaekst.web.demo import DEMO_PASSWORD, seed_demo


@pytest.fixture
def demo_firms(db: None) -> None:
    for seed, municipality in enumerate([101, 101, 101, 751, 751, 751]):
        make_company(
            municipality_code=municipality,
            name=f"Demo {seed} ApS",
            rng_seed=100 + seed,
            employees=5.0 + seed,
        )


def test_seed_creates_a_user_for_every_role(demo_firms: None) -> None:
    logins = seed_demo(interactions_per_area=3)
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}
    assert {login.username for login in logins} == set(
        User.objects.values_list("username", flat=True)
    )
    assert authenticate(username="konsulent_kbh", password=DEMO_PASSWORD) is not None
    # company users are tied to a firm in their own house's region
    membership = CompanyMembership.objects.get(user__username="virksomhed_aarhus")
    assert membership.company.municipality_id == 751


def test_second_seed_changes_nothing(demo_firms: None) -> None:
    seed_demo(interactions_per_area=3)
    counts = (
        User.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        Interaction.objects.count(),
    )
    assert counts[3] > 0
    seed_demo(interactions_per_area=3)
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
        Interaction.objects.count(),
    )
