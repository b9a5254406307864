"""Choices for mappings, plans, partnerships, referrals and consent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.organisations.choices import PartnerKind


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    PUBLISHED = "published", _("Offentliggjort")


class AnswerKind(models.TextChoices):
    TEXT = "text", _("Tekst")
    SCALE = "scale", _("Skala 1-5")
    YES_NO = "yes_no", _("Ja/nej")
    NUMBER = "number", _("Tal")


class MappingStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    COMPLETED = "completed", _("Afsluttet")


class Priority(models.TextChoices):
    HIGH = "high", _("Høj")
    MEDIUM = "medium", _("Middel")
    LOW = "low", _("Lav")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    ARCHIVED = "archived", _("Arkiveret")


class GoalMetric(models.TextChoices):
    EMPLOYEES = "employees", _("Ansatte")
    GROSS_PROFIT = "gross_profit", _("Bruttofortjeneste")
    REVENUE = "revenue", _("Omsætning")
    EXPORT = "export", _("Eksport")
    OTHER = "other", _("Andet")


class BaselineSource(models.TextChoices):
    REGISTER = "register", _("Registeret")
    MANUAL = "manual", _("Indtastet")
    NONE = "", _("Ingen")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Nået")
    MISSED = "missed", _("Ikke nået")


class ActionOwnerKind(models.TextChoices):
    FIRM = "firm", _("Virksomheden")
    HOUSE = "house", _("Erhvervshuset")
    MUNICIPALITY = "municipality", _("Kommunen")
    PRIVATE_ADVISOR = "private_advisor", _("Privat rådgiver")
    CAPITAL_SOURCE = "capital_source", _("Kapitalkilde")
    OTHER_PARTNER = "other_partner", _("Anden partner")


# The partner kinds that fit each partner owner of an action; the other owners (the firm,
# the house, the municipality) name no partner organisation.
OWNER_PARTNER_KINDS: dict[str, frozenset[str]] = {
    ActionOwnerKind.PRIVATE_ADVISOR: frozenset({PartnerKind.PRIVATE_ADVISOR}),
    ActionOwnerKind.CAPITAL_SOURCE: frozenset(
        {PartnerKind.BANK, PartnerKind.BUSINESS_ANGELS, PartnerKind.FUND}
    ),
    ActionOwnerKind.OTHER_PARTNER: frozenset(
        {PartnerKind.EXPORT_COUNCIL, PartnerKind.KNOWLEDGE_INSTITUTION, PartnerKind.OTHER}
    ),
}


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Åben")
    IN_PROGRESS = "in_progress", _("I gang")
    DONE = "done", _("Udført")
    CANCELLED = "cancelled", _("Annulleret")


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    ACTIVE = "active", _("Aktiv")
    FULFILLED = "fulfilled", _("Opfyldt")
    ENDED = "ended", _("Afsluttet")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sendt")
    ACCEPTED = "accepted", _("Accepteret")
    DECLINED = "declined", _("Afvist")
    COMPLETED = "completed", _("Gennemført")


class OutcomeKind(models.TextChoices):
    CAPITAL_RAISED = "capital_raised", _("Kapital rejst")
    ADVICE_DELIVERED = "advice_delivered", _("Rådgivning leveret")
    EXPORT_ORDER = "export_order", _("Eksportordre")
    PROGRAMME_STARTED = "programme_started", _("Forløb startet")
    NO_OUTCOME = "no_outcome", _("Intet resultat")
    OTHER = "other", _("Andet")


class SharePart(models.TextChoices):
    GOALS = "goals", _("Mål")
    MILESTONES = "milestones", _("Milepæle")
    ACTIONS = "actions", _("Aktiviteter")
    MAPPING = "mapping", _("Kortlægning")


class ReminderKind(models.TextChoices):
    MILESTONE_OVERDUE = "milestone_overdue", _("Milepæl overskredet")
    ACTION_OVERDUE = "action_overdue", _("Aktivitet overskredet")
