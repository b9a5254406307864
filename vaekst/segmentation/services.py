"""State changes for segmentation: rule-set drafts, their criteria and labels, publishing,
assessments of ambition and capacity, and scoring runs."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.organisations.choices import Role
from vaekst.organisations.scoping import Area
from vaekst.segmentation.choices import Indicator, Operator, RuleSetScope, RuleSetStatus
from vaekst.segmentation.models import (
    Assessment,
    Criterion,
    LevelDefinition,
    LevelLabel,
    RuleSet,
    ScoringRun,
)

LIST_OPERATORS = {Operator.IN, Operator.PREFIX}


def can_edit_scope(
    user: Any, scope: str, region: int | None = None, municipality: int | None = None
) -> bool:
    """National administrators edit the national levels; a house manager their region's
    nuance; a municipal business consultant their municipality's."""
    area = Area.of(user)
    if scope == RuleSetScope.NATIONAL:
        return bool(area.everything)
    if scope == RuleSetScope.REGION:
        return area.everything or (user.role == Role.HOUSE_MANAGER and area.region_code == region)
    return area.everything or (area.is_municipal and area.municipality_code == municipality)


def _require_edit(user: Any, rule_set: RuleSet) -> None:
    if not can_edit_scope(user, rule_set.scope, rule_set.region_id, rule_set.municipality_id):
        raise PermissionDenied(_("Du må ikke redigere dette regelsæt"))
    if not rule_set.is_draft:
        raise ValidationError(_("Kun kladder kan ændres; opret en ny version"))


@transaction.atomic
def create_draft(
    *,
    actor: Any,
    scope: str,
    region: int | None = None,
    municipality: int | None = None,
    effective_from: datetime.date | None = None,
    note: str = "",
) -> RuleSet:
    """A new draft version for a scope, starting as a copy of the latest version there (for
    the national scope: its levels and criteria; for a nuance: its changes)."""
    if not can_edit_scope(actor, scope, region, municipality):
        raise PermissionDenied(_("Du må ikke oprette regelsæt her"))
    place = {"scope": scope, "region_id": region, "municipality_id": municipality}
    if scope == RuleSetScope.MUNICIPALITY:
        from vaekst.organisations.models import Municipality

        place["region_id"] = None
        if municipality is None or not Municipality.objects.filter(code=municipality).exists():
            raise ValidationError("Ukendt kommune")
    existing = RuleSet.objects.filter(**place)
    if existing.filter(status=RuleSetStatus.DRAFT).exists():
        raise ValidationError(_("Der findes allerede en kladde for dette område"))
    latest = existing.order_by("-version").first()
    version = (existing.aggregate(Max("version"))["version__max"] or 0) + 1
    draft = RuleSet.objects.create(
        **place,
        version=version,
        status=RuleSetStatus.DRAFT,
        effective_from=effective_from or timezone.localdate(),
        author=actor,
        note=note,
    )
    if latest is not None:
        for level in latest.levels.all():
            level.pk = None
            level.rule_set = draft
            level.save()
        for criterion in latest.criteria.all():
            criterion.pk = None
            criterion.rule_set = draft
            criterion.save()
        for label in latest.labels.all():
            label.pk = None
            label.rule_set = draft
            label.save()
    return draft


def _places_under(rule_set: RuleSet, in_force: Any) -> list[tuple[int | None, int | None]]:
    """The places whose rules a rule set takes part in: everywhere for the national one, the
    region and its municipalities with a nuance for a region's, the one municipality."""
    from vaekst.organisations.models import Municipality

    regions_of = dict(
        Municipality.objects.filter(
            code__in=[*in_force.municipalities, rule_set.municipality_id or 0]
        ).values_list("code", "region_id")
    )
    if rule_set.scope == RuleSetScope.MUNICIPALITY:
        return [(regions_of.get(rule_set.municipality_id or 0), rule_set.municipality_id)]
    municipalities = [(regions_of.get(code), code) for code in in_force.municipalities]
    if rule_set.scope == RuleSetScope.REGION:
        return [(rule_set.region_id, None)] + [
            place for place in municipalities if place[0] == rule_set.region_id
        ]
    return [(None, None)] + [(region, None) for region in in_force.regions] + municipalities


def _require_model_does_not_decide_alone(rule_set: RuleSet) -> None:
    """Refuse rules under which the predicted chance alone places a firm on a level, for the
    rule set itself and every place whose rules it takes part in (with the nuances there)."""
    from vaekst.segmentation.rules import decided_by_the_model_alone, resolve
    from vaekst.segmentation.selectors import rules_in_force

    try:
        in_force = rules_in_force(rule_set.effective_from, replace=rule_set)
    except LookupError:
        if rule_set.scope != RuleSetScope.NATIONAL:
            return
        effective = [resolve(rule_set)]
    else:
        effective = [in_force.for_place(*place) for place in _places_under(rule_set, in_force)]
    for rules in effective:
        for level in rules.levels:
            if decided_by_the_model_alone(level):
                raise ValidationError(
                    _(
                        "Modellens forudsagte chance kan ikke alene afgøre niveauet "
                        "%(level)s: tilføj et andet kriterium, som også skal være opfyldt."
                    )
                    % {"level": f"{level.rank}. {level.shown_internal_name}"}
                )


def clean_threshold(indicator: str, operator: str, value: Any) -> Any:
    """A criterion's threshold as stored: a number, a list of codes, or True for is_true;
    a ValidationError that says what is wrong otherwise (the forms check it at the field)."""
    Indicator(indicator)
    Operator(operator)
    if operator in LIST_OPERATORS:
        values = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
        cleaned = [str(v).strip() for v in values if str(v).strip()]
        if not cleaned:
            raise ValidationError(_("Angiv mindst én værdi"))
        return cleaned
    if operator == Operator.IS_TRUE:
        return True
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("Tærsklen skal være et tal: %(value)s") % {"value": repr(value)}
        ) from None


@transaction.atomic
def set_criterion(
    *,
    actor: Any,
    rule_set: RuleSet,
    level_key: str,
    indicator: str,
    operator: str,
    value: Any,
    group: int = 0,
    note: str = "",
) -> Criterion:
    """Add a criterion to a draft, or change the threshold of the one with the same level,
    indicator, operator and group. In a nuance this overrides the inherited criterion."""
    _require_edit(actor, rule_set)
    national = _national_for(rule_set)
    if not national.levels.filter(key=level_key).exists():
        raise ValidationError(f"Ukendt niveau: {level_key}")
    criterion, _created = Criterion.objects.update_or_create(
        rule_set=rule_set,
        level_key=level_key,
        indicator=indicator,
        operator=operator,
        group=group,
        defaults={"value": clean_threshold(indicator, operator, value), "note": note},
    )
    _require_model_does_not_decide_alone(rule_set)
    return criterion


@transaction.atomic
def remove_criterion(*, actor: Any, criterion: Criterion) -> None:
    """Remove a criterion from a draft. In a nuance this only takes back the nuance: the
    national criterion underneath still applies, so nothing national is dropped silently."""
    _require_edit(actor, criterion.rule_set)
    criterion.delete()
    _require_model_does_not_decide_alone(criterion.rule_set)


@transaction.atomic
def set_level(
    *,
    actor: Any,
    rule_set: RuleSet,
    key: str,
    rank: int,
    internal_name: str,
    external_name: str,
    description: str = "",
    internal_name_en: str = "",
    external_name_en: str = "",
    description_en: str = "",
) -> LevelDefinition:
    """Define or change a level; only the national rule set defines levels. The English
    texts are optional and go with the Danish ones given with them: a reader of English
    sees the Danish text where no English one is given."""
    _require_edit(actor, rule_set)
    if rule_set.scope != RuleSetScope.NATIONAL:
        raise ValidationError(
            _("Niveauer defineres nationalt; regioner og kommuner kan omdøbe dem")
        )
    level, _created = LevelDefinition.objects.update_or_create(
        rule_set=rule_set,
        key=key,
        defaults={
            "rank": rank,
            "internal_name": internal_name,
            "external_name": external_name,
            "description": description,
            "internal_name_en": internal_name_en.strip(),
            "external_name_en": external_name_en.strip(),
            "description_en": description_en.strip(),
        },
    )
    return level


@transaction.atomic
def set_label(*, actor: Any, rule_set: RuleSet, level_key: str, external_name: str) -> LevelLabel:
    """A region's or municipality's own external name for a level."""
    _require_edit(actor, rule_set)
    if rule_set.scope == RuleSetScope.NATIONAL:
        raise ValidationError(_("Det nationale eksterne navn ændres på niveauet"))
    label, _created = LevelLabel.objects.update_or_create(
        rule_set=rule_set, level_key=level_key, defaults={"external_name": external_name}
    )
    return label


def _national_for(rule_set: RuleSet) -> RuleSet:
    if rule_set.scope == RuleSetScope.NATIONAL:
        return rule_set
    from vaekst.segmentation.selectors import rules_in_force

    return rules_in_force(rule_set.effective_from).national


@transaction.atomic
def publish(
    *, actor: Any, rule_set: RuleSet, effective_from: datetime.date | None = None
) -> RuleSet:
    """Publish a draft; audited with the actor and the version. It governs from its effective
    date: from then on the earlier versions of its place are retired (at once when the date
    is today or earlier, else by `retire_superseded` once the date has come)."""
    _require_edit(actor, rule_set)
    if rule_set.scope == RuleSetScope.NATIONAL:
        levels = list(rule_set.levels.order_by("rank"))
        if len(levels) < 2:
            raise ValidationError(_("Der skal være mindst to niveauer"))
        if rule_set.criteria.filter(level_key=levels[-1].key).exists():
            raise ValidationError(
                _("Det laveste niveau må ikke have kriterier: alle skal placeres")
            )
    _require_model_does_not_decide_alone(rule_set)
    rule_set.status = RuleSetStatus.PUBLISHED
    rule_set.published_at = timezone.now()
    rule_set.published_by = actor
    if effective_from is not None:
        rule_set.effective_from = effective_from
    rule_set.save(update_fields=["status", "published_at", "published_by", "effective_from"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=rule_set,
        changes={
            "status": [RuleSetStatus.DRAFT.value, RuleSetStatus.PUBLISHED.value],
            "version": [None, rule_set.version],
            "effective_from": [None, rule_set.effective_from.isoformat()],
        },
    )
    retire_superseded(actor=actor, on=timezone.localdate())
    return rule_set


def _place_of(rule_set: RuleSet) -> tuple[str, int | None, int | None]:
    return (rule_set.scope, rule_set.region_id, rule_set.municipality_id)


@transaction.atomic
def retire_superseded(*, actor: Any = None, on: datetime.date | None = None) -> list[RuleSet]:
    """Retire every published version that a later version of the same place has superseded
    by `on` (today): one whose effective date has come. Idempotent; each retirement is
    audited. Publishing and scoring call it, so a version with a future date retires its
    predecessor on the first of them after that date."""
    on = on or timezone.localdate()
    governing: dict[tuple[str, int | None, int | None], int] = {}
    for rule_set in RuleSet.objects.filter(
        status__in=(RuleSetStatus.PUBLISHED, RuleSetStatus.RETIRED), effective_from__lte=on
    ).only("scope", "region_id", "municipality_id", "version"):
        place = _place_of(rule_set)
        governing[place] = max(governing.get(place, 0), rule_set.version)
    retired = [
        rule_set
        for rule_set in RuleSet.objects.select_for_update()
        .filter(status=RuleSetStatus.PUBLISHED)
        .order_by("pk")
        if rule_set.version < governing.get(_place_of(rule_set), 0)
    ]
    for rule_set in retired:
        rule_set.status = RuleSetStatus.RETIRED
        rule_set.save(update_fields=["status"])
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=rule_set,
            changes={
                "status": [RuleSetStatus.PUBLISHED.value, RuleSetStatus.RETIRED.value],
                "version": [rule_set.version, rule_set.version],
            },
        )
    return retired


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    company: Any,
    ambition: int,
    capacity: int,
    assessed_on: datetime.date | None = None,
    note: str = "",
) -> Assessment:
    """A consultant's dated assessment of the firm's ambition and capacity (1-5)."""
    if not getattr(actor, "is_caseworker", False):
        raise PermissionDenied(_("Kun konsulenter vurderer vilje og kapacitet"))
    assessment = Assessment(
        company=company,
        ambition=ambition,
        capacity=capacity,
        assessed_on=assessed_on or timezone.localdate(),
        assessed_by=actor,
        note=note,
    )
    assessment.full_clean()
    assessment.save()
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=assessment,
        company=company,
        changes={"ambition": [None, ambition], "capacity": [None, capacity]},
    )
    return assessment


def request_scoring(
    *,
    actor: Any,
    region: int | None = None,
    municipality: int | None = None,
    companies: Iterable[int] | None = None,
    register_import: Any = None,
) -> ScoringRun:
    """Create a run for a scope; the caller runs it now or enqueues it as a task. With
    `companies` (ids) only those firms of the scope are scored: the ones a register delta
    (`register_import`) touched."""
    return ScoringRun.objects.create(
        requested_by=actor if getattr(actor, "pk", None) else None,
        region_id=region,
        municipality_id=municipality,
        company_ids=sorted(set(companies)) if companies is not None else None,
        register_import=register_import,
    )


@transaction.atomic
def set_note(*, actor: Any, rule_set: RuleSet, note: str) -> RuleSet:
    """The draft's rationale (shown with the version once published)."""
    _require_edit(actor, rule_set)
    rule_set.note = note
    rule_set.save(update_fields=["note"])
    return rule_set
