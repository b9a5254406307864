"""The company search and the company page."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import make_company
from vaekst.interactions.models import Interaction, Person
from vaekst.register.choices import PeriodKind
from vaekst.register.models import CompanyPeriod, YearlyFigures


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _list(client: Client, **params):
    return client.get(reverse("register:company_list"), params)


def _detail_url(company) -> str:
    return reverse("register:company_detail", args=[company.cvr])


def test_consultant_finds_firm_of_own_region_by_name(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    response = _list(client, q="firma")
    assert response.status_code == 200
    assert list(response.context["page"].items) == [personas.a.company]
    assert "Firma A ApS" in response.text
    assert "Firma B ApS" not in response.text


def test_search_by_cvr_and_filters(client: Client, personas) -> None:
    other = make_company(
        municipality_code=147,
        name="Frederiksberg Bageri",
        rng_seed=11,
        main_industry_code="107100",
        size_class="10-49",
        is_active=False,
    )
    client.force_login(personas.a.consultant)
    cvr = f"{personas.a.company.cvr:08d}"
    assert list(_list(client, q=cvr).context["page"].items) == [personas.a.company]
    assert list(_list(client, industry="10", status="all").context["page"].items) == [other]
    assert list(_list(client, municipality="147", status="inactive").context["page"].items) == [
        other
    ]
    assert list(_list(client, size_class="10-49").context["page"].items) == []
    assert list(_list(client, form_code="80", status="all").context["page"].items) == [
        personas.a.company,
        other,
    ]


def test_municipality_filter_offers_only_municipalities_in_scope(client: Client, personas) -> None:
    client.force_login(personas.a.municipal_consultant)
    choices = dict(_list(client).context["form"].fields["municipality"].choices)
    assert set(choices) == {"", 101}
    client.force_login(personas.a.consultant)
    choices = dict(_list(client).context["form"].fields["municipality"].choices)
    assert 101 in choices and 147 in choices and 751 not in choices


def test_choosing_another_regions_municipality_is_refused_not_widened(
    client: Client, personas
) -> None:
    client.force_login(personas.a.consultant)
    response = _list(client, municipality="751")
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert list(response.context["page"].items) == [personas.a.company]


def test_htmx_request_gets_only_the_results(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(reverse("register:company_list"), {"q": "firma"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Firma A ApS" in response.text
    assert "HX-Request" in response["Vary"]


def test_list_pages_without_counting(client: Client, personas) -> None:
    for number in range(51):
        make_company(municipality_code=101, name=f"Serie {number:02d} ApS", rng_seed=100 + number)
    client.force_login(personas.a.consultant)
    first = _list(client, q="serie").context["page"]
    assert len(first.items) == 50 and first.has_next
    second = _list(client, q="serie", side="2").context["page"]
    assert [c.name for c in second.items] == ["Serie 50 ApS"] and not second.has_next
    # the pager keeps the search and swaps only the results in
    next_link = (
        'href="?q=serie&amp;side=2" hx-get="?q=serie&amp;side=2" hx-target="#company-results"'
    )
    assert next_link in _list(client, q="serie").text
    previous_link = 'href="?q=serie&amp;side=1" hx-get="?q=serie&amp;side=1"'
    assert previous_link in _list(client, q="serie", side="2").text


def test_company_list_query_count_is_bounded(
    client: Client, personas, django_assert_max_num_queries
) -> None:
    for number in range(60):
        make_company(municipality_code=101, name=f"Firma {number:02d}", rng_seed=200 + number)
    client.force_login(personas.a.consultant)
    _list(client)  # warm the cached company forms
    with django_assert_max_num_queries(5):
        response = _list(client, q="firma")
    assert len(response.context["page"].items) == 50


@pytest.mark.parametrize("who", ["b.consultant", "b.municipal_consultant", "partner_advisor"])
def test_other_organisations_do_not_find_the_firm(client: Client, personas, who: str) -> None:
    user = personas
    for part in who.split("."):
        user = getattr(user, part)
    client.force_login(user)
    response = _list(client, q=personas.a.company.name)
    assert response.status_code == 200
    assert personas.a.company not in list(response.context["page"].items)


def test_company_user_lists_only_own_firm(client: Client, personas) -> None:
    client.force_login(personas.a.company_user)
    response = _list(client, status="all")
    assert list(response.context["page"].items) == [personas.a.company]


def _with_history(company) -> None:
    CompanyPeriod.objects.create(
        company=company,
        kind=PeriodKind.MAIN_INDUSTRY,
        code="620100",
        text="Computerprogrammering",
        valid_from=datetime.date(2015, 1, 1),
    )
    CompanyPeriod.objects.create(
        company=company,
        kind=PeriodKind.SECONDARY_INDUSTRY,
        code="702200",
        text="Virksomhedsrådgivning",
        rank=1,
        valid_from=datetime.date(2025, 1, 1),
    )
    for year, employees, gross_profit in [(2021, 4, 1_200_000), (2022, 6, 2_100_000)]:
        YearlyFigures.objects.create(
            company=company, year=year, employees=employees, gross_profit=gross_profit
        )


def test_consultant_sees_register_data_chart_contacts_and_timeline(
    client: Client, personas
) -> None:
    company = personas.a.company
    _with_history(company)
    Person.objects.create(company=company, name="Mette Jensen", role="Direktør")
    client.force_login(personas.a.consultant)
    response = client.get(_detail_url(company))
    assert response.status_code == 200
    text = response.text
    assert "Firma A ApS" in text and "Region Hovedstaden" in text
    assert "702200 Virksomhedsrådgivning (DB25)" in text
    assert "(DB07)" in text
    assert 'data-chart="yearly-figures-data"' in text
    assert '"years": [2021, 2022]' in text
    assert "Mette Jensen" in text
    assert 'id="timeline"' in text


def test_yearly_table_shows_every_figure_with_its_source_and_date(client: Client, personas) -> None:
    # given a year with a band headcount from CVR and figures from an annual report
    company = personas.a.company
    YearlyFigures.objects.create(
        company=company,
        year=2023,
        employees=14.5,
        fte=11.25,
        employees_band="ANTAL_10_19",
        employees_source="cvr_band",
        employees_as_of=datetime.date(2023, 12, 31),
        gross_profit=3_400_000,
        revenue=9_800_000,
        profit=-120_000,
        export=1_500_000,
        equity=2_250_000,
        financials_source="annual_report",
        financials_as_of=datetime.date(2023, 6, 30),
    )
    client.force_login(personas.a.consultant)
    # when
    response = client.get(_detail_url(company))
    # then the row has every figure, and says where each group comes from and when
    row = response.text.split('<th scope="row">2023</th>')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("</td")[0].strip() for cell in row.split("<td")[1:]]
    assert cells[:7] == [
        "15",
        "11,3",
        "3.400.000",
        "9.800.000",
        "-120.000",
        "1.500.000",
        "2.250.000",
    ]
    assert "Ansatte: CVR, interval (midtpunkt), 31.12.2023" in cells[7]
    assert "Regnskab: Årsrapport (XBRL), 30.06.2023" in cells[7]


@pytest.mark.parametrize("who", ["a.company_user", "national_admin"])
def test_contacts_follow_the_scoping_rules(client: Client, personas, who: str) -> None:
    Person.objects.create(company=personas.a.company, name="Mette Jensen")
    user = personas
    for part in who.split("."):
        user = getattr(user, part)
    client.force_login(user)
    response = client.get(_detail_url(personas.a.company))
    assert response.status_code == 200
    # firms' users do not see the house's contacts; national administrators do, read-only
    assert ("Mette Jensen" in response.text) is (who == "national_admin")
    assert "Registrér en henvendelse" not in response.text


@pytest.mark.parametrize(
    "who",
    ["b.consultant", "b.manager", "b.municipal_consultant", "b.company_user", "partner_advisor"],
)
def test_other_organisations_get_404_for_the_company_page(
    client: Client, personas, who: str
) -> None:
    user = personas
    for part in who.split("."):
        user = getattr(user, part)
    client.force_login(user)
    assert client.get(_detail_url(personas.a.company)).status_code == 404


def test_missing_company_is_404(client: Client, personas) -> None:
    client.force_login(personas.national_admin)
    assert client.get(reverse("register:company_detail", args=[12345674])).status_code == 404


def test_company_page_query_count_is_bounded(
    client: Client, personas, django_assert_max_num_queries
) -> None:
    company = personas.a.company
    _with_history(company)
    persons = [Person.objects.create(company=company, name=f"Person {n}") for n in range(5)]
    for number in range(10):
        interaction = Interaction.objects.create(
            company=company,
            kind="meeting",
            consultant=personas.a.consultant,
            organisation=personas.a.house,
            occurred_on=datetime.date(2024, 1, 1 + number),
            subject=f"Møde {number}",
        )
        interaction.persons.set(persons[:2])
    client.force_login(personas.a.consultant)
    # The register's own blocks take 14; the level (segmentation) and usable offers (offers)
    # sections add a fixed number each, and programmes two for its section ("Forløb og
    # netværk") and two for its timeline entries (enrolments, networks). What matters is
    # that it does not grow with the rows.
    with django_assert_max_num_queries(23):
        response = client.get(_detail_url(company))
    assert response.status_code == 200
    assert response.text.count("Møde ") == 10
