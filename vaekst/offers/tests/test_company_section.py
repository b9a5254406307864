"""The company page shows the offers the firm may use, with how much is left."""

from django.test import Client

from vaekst.register.models import YearlyFigures
from vaekst.segmentation.scoring import run_scoring
from vaekst.segmentation.services import request_scoring


def test_company_page_lists_usable_offers_with_what_is_left(client: Client, personas) -> None:
    # given persona A's firm scored as established (6 employees, no growth)
    for year in (2022, 2023, 2024, 2025):
        YearlyFigures.objects.create(company=personas.a.company, year=year, employees=6)
    run_scoring(request_scoring(actor=None))
    client.force_login(personas.a.consultant)
    # when the consultant opens the company page
    response = client.get(f"/virksomheder/{personas.a.company.cvr}/")
    # then the core offer is listed with its allowance for that level
    assert response.status_code == 200
    section = response.text.split('id="offers-heading"')[1].split("</section>")[0]
    assert "Vækstkortlægning" in section
    assert ">4 timer<" in section.replace("\n", " ")
    assert f"/virksomheder/{personas.a.company.cvr}/tilbud/" in section


def test_unscored_firm_has_no_usable_offers(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    response = client.get(f"/virksomheder/{personas.a.company.cvr}/")
    assert "Virksomheden har ingen tilbud til rådighed lige nu." in response.text


def test_catalogue_lists_allowances_highest_level_first(client: Client, personas) -> None:
    client.force_login(personas.a.consultant)
    page = client.get("/tilbud/").content.decode()
    core = page.split(">Vækstkortlægning</a>", 1)[1].split("</tr>", 1)[0]
    positions = [core.index(name) for name in ("Højt", "Vækstpotentiale:", "Etableret")]
    assert positions == sorted(positions)
