"""An action owned by a private advisor, a capital source or another partner names who:
an organisation of a fitting partner kind, or a person. The firm, the house and the
municipality name no partner organisation."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import Personas
from vaekst.growthplans.choices import ActionOwnerKind
from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.growthplans.services import add_action, update_action
from vaekst.organisations.choices import OrganisationKind, PartnerKind
from vaekst.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def accountants(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Revision Holm",
        kind=OrganisationKind.PARTNER,
        partner_kind=PartnerKind.PRIVATE_ADVISOR,
    )


def _add(personas: Personas, plan: GrowthPlan, **owner: Any) -> PlanAction:
    return add_action(
        actor=personas.a.consultant,
        plan=plan,
        expected_revision=4,
        title="Gennemgå regnskabet",
        **owner,
    )


@pytest.mark.parametrize(
    ("owner", "field", "message"),
    [
        (
            {"owner_kind": ActionOwnerKind.PRIVATE_ADVISOR},
            "owner_person",
            "Navngiv den ansvarlige (Privat rådgiver): en organisation eller en person.",
        ),
        (
            {"owner_kind": ActionOwnerKind.CAPITAL_SOURCE, "owner_person": "  "},
            "owner_person",
            "Navngiv den ansvarlige (Kapitalkilde): en organisation eller en person.",
        ),
        (
            {"owner_kind": ActionOwnerKind.OTHER_PARTNER},
            "owner_person",
            "Navngiv den ansvarlige (Anden partner): en organisation eller en person.",
        ),
    ],
)
def test_a_partner_owner_must_be_named(
    personas: Personas, plan_a: GrowthPlan, owner: dict[str, Any], field: str, message: str
) -> None:
    # when an action is given to an unnamed partner
    with pytest.raises(ValidationError) as refused:
        _add(personas, plan_a, **owner)
    # then it is refused with the reason, and nothing changed
    assert refused.value.message_dict == {field: [message]}
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert not plan_a.actions.filter(title="Gennemgå regnskabet").exists()


def test_the_organisation_must_fit_the_owner_kind(
    personas: Personas, plan_a: GrowthPlan, accountants: Organisation
) -> None:
    refusals = [
        # the bank is a capital source, not a private advisor
        (ActionOwnerKind.PRIVATE_ADVISOR, personas.partner, "privat rådgiver"),
        # the accountants are no capital source
        (ActionOwnerKind.CAPITAL_SOURCE, accountants, "kapitalkilde"),
        (ActionOwnerKind.OTHER_PARTNER, personas.partner, "anden partner"),
        # a growth house is not a partner at all
        (ActionOwnerKind.CAPITAL_SOURCE, personas.a.house, "kapitalkilde"),
    ]
    for owner_kind, organisation, label in refusals:
        with pytest.raises(ValidationError) as refused:
            _add(personas, plan_a, owner_kind=owner_kind, owner_organisation=organisation)
        assert refused.value.message_dict == {
            "owner_organisation": [f"{organisation.name} kan ikke vælges som {label}."]
        }
    # the firm, the house and the municipality name no partner organisation
    for owner_kind in (ActionOwnerKind.FIRM, ActionOwnerKind.HOUSE, ActionOwnerKind.MUNICIPALITY):
        with pytest.raises(ValidationError) as refused:
            _add(personas, plan_a, owner_kind=owner_kind, owner_organisation=accountants)
        assert refused.value.message_dict == {
            "owner_organisation": ["Vælg kun en organisation, når en partner er ansvarlig."]
        }
    plan_a.refresh_from_db()
    assert plan_a.revision == 4
    assert plan_a.actions.count() == 2


def test_named_partners_are_accepted(
    personas: Personas, plan_a: GrowthPlan, accountants: Organisation
) -> None:
    # a private advisor named by person only, then by the accountants' firm
    by_name = _add(
        personas, plan_a, owner_kind=ActionOwnerKind.PRIVATE_ADVISOR, owner_person="Revisor Ib Holm"
    )
    assert (by_name.owner_organisation, by_name.owner_person) == (None, "Revisor Ib Holm")
    by_firm = add_action(
        actor=personas.a.consultant,
        plan=plan_a,
        expected_revision=5,
        title="Budget for to år",
        owner_kind=ActionOwnerKind.PRIVATE_ADVISOR,
        owner_organisation=accountants,
    )
    assert by_firm.owner_organisation == accountants


def test_changing_the_owner_is_checked_too(
    personas: Personas, plan_a: GrowthPlan, accountants: Organisation
) -> None:
    bank_action = plan_a.actions.get(title="Introducér til bank")
    # when the bank's action is made a private advisor's, keeping the bank
    with pytest.raises(ValidationError):
        update_action(
            actor=personas.a.consultant,
            action=bank_action,
            expected_revision=4,
            owner_kind=ActionOwnerKind.PRIVATE_ADVISOR,
        )
    # then nothing changed
    bank_action.refresh_from_db()
    plan_a.refresh_from_db()
    assert (bank_action.owner_kind, plan_a.revision) == (ActionOwnerKind.CAPITAL_SOURCE, 4)
    # and with a fitting organisation it is saved
    changed = update_action(
        actor=personas.a.consultant,
        action=bank_action,
        expected_revision=4,
        owner_kind=ActionOwnerKind.PRIVATE_ADVISOR,
        owner_organisation=accountants,
    )
    assert (changed.owner_kind, changed.owner_organisation) == (
        ActionOwnerKind.PRIVATE_ADVISOR,
        accountants,
    )


def test_the_form_offers_partners_grouped_by_the_owner_kind_they_fit(
    personas: Personas, plan_a: GrowthPlan, accountants: Organisation
) -> None:
    client = Client()
    client.force_login(personas.a.consultant)
    # when the consultant opens the add form
    form = client.get(
        f"/vaekstplaner/{plan_a.public_id}/aktiviteter/?revision=4", HTTP_HX_REQUEST="true"
    ).content.decode()
    # then only partners are offered, each under the owner kind it fits
    assert (
        f'<optgroup label="Privat rådgiver">\n  <option value="{accountants.pk}">Revision Holm'
        "</option>\n\n  </optgroup>" in form
    )
    assert (
        f'<optgroup label="Kapitalkilde">\n  <option value="{personas.partner.pk}">'
        "Nordbank Erhverv</option>\n\n  </optgroup>" in form
    )
    assert personas.a.house.name not in form
    # when it is posted with an unnamed private advisor
    response = client.post(
        f"/vaekstplaner/{plan_a.public_id}/aktiviteter/",
        {
            "action-revision": "4",
            "action-title": "Gennemgå regnskabet",
            "action-owner_kind": "private_advisor",
        },
        HTTP_HX_REQUEST="true",
    )
    # then the reason is shown and nothing is added
    assert "Navngiv den ansvarlige (Privat rådgiver)" in response.content.decode()
    assert not PlanAction.objects.filter(title="Gennemgå regnskabet").exists()
