"""The central scoping mechanism, as a specification."""

import pytest
from django.http import Http404

from vaekst.interactions.models import Person
from vaekst.organisations.models import Municipality, Organisation, Region
from vaekst.organisations.scoping import get_visible_or_404, visible_to
from vaekst.register.models import Company


@pytest.mark.django_db
def test_empty_database_knows_all_regions_municipalities_and_houses() -> None:
    assert Region.objects.count() == 5
    assert Municipality.objects.count() == 98
    assert Organisation.objects.growth_houses().count() == 5
    assert Organisation.objects.filter(kind="municipality").count() == 98
    assert Municipality.objects.get(code=101).region.name == "Region Hovedstaden"


def test_house_consultant_sees_firms_of_own_region_only(personas) -> None:
    # given two firms in two regions
    # when the house A consultant lists companies
    visible = set(visible_to(personas.a.consultant, Company.objects.all()))
    # then only the firm in region A is there
    assert visible == {personas.a.company}


def test_municipal_consultant_sees_firms_of_own_municipality_only(personas) -> None:
    from conftest import make_company

    other_in_same_region = make_company(municipality_code=147, name="Frederiksberg IT", rng_seed=9)
    visible = set(visible_to(personas.a.municipal_consultant, Company.objects.all()))
    assert visible == {personas.a.company}
    assert other_in_same_region in set(visible_to(personas.a.consultant, Company.objects.all()))


def test_company_user_sees_only_own_firm(personas) -> None:
    assert list(visible_to(personas.a.company_user, Company.objects.all())) == [personas.a.company]


def test_partner_without_shares_sees_no_firm(personas) -> None:
    assert not visible_to(personas.partner_advisor, Company.objects.all()).exists()


def test_national_admin_sees_all_firms(personas) -> None:
    assert visible_to(personas.national_admin, Company.objects.all()).count() == 2


def test_lookup_of_other_regions_firm_is_404_like_a_missing_one(personas) -> None:
    with pytest.raises(Http404):
        get_visible_or_404(personas.a.consultant, Company.objects.all(), cvr=personas.b.company.cvr)
    with pytest.raises(Http404):
        get_visible_or_404(personas.a.consultant, Company.objects.all(), cvr=12345674)
    found = get_visible_or_404(
        personas.a.consultant, Company.objects.all(), cvr=personas.a.company.cvr
    )
    assert found == personas.a.company


def test_contacts_are_personal_data_hidden_from_company_and_partner_users(personas) -> None:
    person = Person.objects.create(company=personas.a.company, name="Mette Hansen")
    assert list(visible_to(personas.a.consultant, Person.objects.all())) == [person]
    assert not visible_to(personas.b.consultant, Person.objects.all()).exists()
    assert not visible_to(personas.partner_advisor, Person.objects.all()).exists()
    assert not visible_to(personas.a.company_user, Person.objects.all()).exists()


def test_deactivated_user_sees_nothing(personas) -> None:
    personas.a.consultant.is_active = False
    assert not visible_to(personas.a.consultant, Company.objects.all()).exists()
