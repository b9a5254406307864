"""The audit trail page: national administrators read everything, house managers their region."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from vaekst.audit.models import AuditAction, AuditEntry
from vaekst.audit.services import record
from vaekst.interactions.models import Person


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


@pytest.fixture
def entries(personas) -> tuple[Person, Person]:
    person_a = Person.objects.create(company=personas.a.company, name="Mette Jensen")
    person_b = Person.objects.create(company=personas.b.company, name="Ole Bjerre")
    record(
        actor=personas.a.consultant,
        action=AuditAction.VIEW,
        obj=person_a,
        company=personas.a.company,
    )
    record(
        actor=personas.b.consultant,
        action=AuditAction.VIEW,
        obj=person_b,
        company=personas.b.company,
    )
    return person_a, person_b


def _labels(response) -> list[str]:
    return [entry.object_label for entry in response.context["page"].items]


def test_national_admin_reads_everything_and_filters_by_cvr(
    client: Client, personas, entries
) -> None:
    client.force_login(personas.national_admin)
    url = reverse("audit:entry_list")
    response = client.get(url)
    assert response.status_code == 200
    assert sorted(_labels(response)) == ["Mette Jensen", "Ole Bjerre"]
    assert _labels(client.get(url, {"cvr": personas.b.company.cvr})) == ["Ole Bjerre"]
    assert _labels(client.get(url, {"actor": "consultant_a"})) == ["Mette Jensen"]


def test_house_manager_reads_own_region_only(client: Client, personas, entries) -> None:
    client.force_login(personas.a.manager)
    response = client.get(reverse("audit:entry_list"))
    assert response.status_code == 200
    assert _labels(response) == ["Mette Jensen"]
    # filtering for the other region's firm finds nothing rather than widening the scope
    assert _labels(client.get(reverse("audit:entry_list"), {"cvr": personas.b.company.cvr})) == []


@pytest.mark.parametrize(
    "who", ["a.consultant", "a.municipal_consultant", "a.company_user", "partner_advisor"]
)
def test_others_are_refused_the_audit_trail(client: Client, personas, entries, who: str) -> None:
    user = personas
    for part in who.split("."):
        user = getattr(user, part)
    client.force_login(user)
    before = AuditEntry.objects.count()
    assert client.get(reverse("audit:entry_list")).status_code == 403
    assert AuditEntry.objects.count() == before


def test_audit_list_query_count_is_bounded(
    client: Client, personas, entries, django_assert_max_num_queries
) -> None:
    person_a, _ = entries
    for _number in range(30):
        record(
            actor=personas.a.consultant,
            action=AuditAction.VIEW,
            obj=person_a,
            company=personas.a.company,
        )
    client.force_login(personas.national_admin)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("audit:entry_list")).status_code == 200
