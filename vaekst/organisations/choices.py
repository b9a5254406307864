from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    NATIONAL = "national", _("National niveau")
    GROWTH_HOUSE = "growth_house", _("Erhvervshus")
    MUNICIPALITY = "municipality", _("Lokal erhvervsservice")
    PARTNER = "partner", _("Partner")


class PartnerKind(models.TextChoices):
    PRIVATE_ADVISOR = "private_advisor", _("Privat rådgiver")
    BANK = "bank", _("Bank")
    BUSINESS_ANGELS = "business_angels", _("Business angel-netværk")
    FUND = "fund", _("Fond")
    EXPORT_COUNCIL = "export_council", _("Eksportrådet")
    KNOWLEDGE_INSTITUTION = "knowledge_institution", _("Videninstitution")
    OTHER = "other", _("Anden partner")


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    HOUSE_MANAGER = "house_manager", _("Leder i erhvervshus")
    GROWTH_CONSULTANT = "growth_consultant", _("Vækstkonsulent")
    MUNICIPAL_CONSULTANT = "municipal_consultant", _("Erhvervskonsulent (kommune)")
    COMPANY_USER = "company_user", _("Virksomhedsbruger")
    PARTNER_ADVISOR = "partner_advisor", _("Partnerrådgiver")


# Which organisation kind each role belongs to; a user's role must match their organisation.
ROLE_ORGANISATION_KIND: dict[str, set[str]] = {
    Role.NATIONAL_ADMIN: {OrganisationKind.NATIONAL},
    Role.HOUSE_MANAGER: {OrganisationKind.GROWTH_HOUSE},
    Role.GROWTH_CONSULTANT: {OrganisationKind.GROWTH_HOUSE},
    Role.MUNICIPAL_CONSULTANT: {OrganisationKind.MUNICIPALITY},
    Role.COMPANY_USER: {
        OrganisationKind.NATIONAL,
        OrganisationKind.GROWTH_HOUSE,
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.PARTNER,
    },
    Role.PARTNER_ADVISOR: {OrganisationKind.PARTNER},
}

# Roles that work with firms' personal data (contacts, notes) in their area.
CASEWORKER_ROLES = {Role.HOUSE_MANAGER, Role.GROWTH_CONSULTANT, Role.MUNICIPAL_CONSULTANT}
