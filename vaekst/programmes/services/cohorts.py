"""Eye-level cohorts of a run: build the split with the engine (keeping locked cohorts),
move a firm, lock and unlock, the together/apart requests, and clearing. Only those who
manage the run (`runs.may_manage`); every change is audited on the run.

A refusal is a ValidationError that says why (the size bounds, a locked cohort, a pair
request, the industry), and changes nothing.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vaekst.audit.models import AuditAction
from vaekst.audit.services import record
from vaekst.programmes.cohorts import CohortError, CohortResult, build_cohorts
from vaekst.programmes.models import Cohort, CohortPair, Enrolment, ProgrammeRun
from vaekst.programmes.services.cohort_features import FirmFeatures, run_features
from vaekst.programmes.services.runs import _require_manager


@dataclass(frozen=True)
class BuildOutcome:
    """What a build did: the engine's result and the cohorts now on the run."""

    result: CohortResult
    cohorts: list[Cohort]


def _locked_run(run: ProgrammeRun) -> ProgrammeRun:
    """The run, locked for the rest of the transaction: two builds or moves at once on the
    same run queue up instead of mixing their cohorts."""
    return ProgrammeRun.objects.select_for_update().get(pk=run.pk)


def _snapshot(run: ProgrammeRun) -> dict[str, list[str]]:
    """{cohort number: sorted company CVR numbers} of the run's enrolled members, for the
    audit entry."""
    members: dict[str, list[str]] = {}
    rows = (
        Enrolment.objects.enrolled()
        .filter(run=run, cohort__isnull=False)
        .values_list("cohort__number", "company__cvr")
    )
    for number, cvr in rows:
        members.setdefault(str(number), []).append(f"{cvr:08d}")
    return {number: sorted(cvrs) for number, cvrs in sorted(members.items())}


def _pairs(
    run: ProgrammeRun, key_of: dict[int, str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The run's together and apart requests between enrolled firms, by the engine's keys."""
    together: list[tuple[str, str]] = []
    apart: list[tuple[str, str]] = []
    for pair in CohortPair.objects.filter(run=run):
        if pair.first_id in key_of and pair.second_id in key_of:
            entry = (key_of[pair.first_id], key_of[pair.second_id])
            (together if pair.together else apart).append(entry)
    return together, apart


def too_few_message(count: int, minimum: int) -> str:
    return _(
        "Der er %(count)s tilmeldte uden for låste grupper; en gruppe skal have mindst "
        "%(minimum)s. Tilmeld flere, eller sænk holdets mindste gruppestørrelse."
    ) % {"count": count, "minimum": minimum}


def _check_enough(run: ProgrammeRun, free: list[FirmFeatures]) -> None:
    """A clear refusal when the firms outside locked cohorts (per industry, when the run is
    split by industry) are too few for one cohort."""
    if run.cohort_by != "industry":
        if free and len(free) < run.cohort_min:
            raise ValidationError(too_few_message(len(free), run.cohort_min))
        return
    counts = Counter(firm.industry for firm in free)
    short = sorted(code for code, count in counts.items() if count < run.cohort_min)
    if short:
        raise ValidationError(
            _(
                "Branche %(industry)s har %(count)s tilmeldte uden for låste grupper; en gruppe "
                "skal have mindst %(minimum)s. Tilmeld flere, sænk holdets mindste "
                "gruppestørrelse, eller del ikke holdet efter branche."
            )
            % {
                "industry": short[0] or "?",
                "count": counts[short[0]],
                "minimum": run.cohort_min,
            }
        )


@transaction.atomic
def build_run_cohorts(*, actor: Any, run: ProgrammeRun, seed: int = 0) -> BuildOutcome:
    """Split the run's enrolled firms into eye-level cohorts. Locked cohorts and their
    members are kept as they are; the unlocked cohorts are replaced by the proposal."""
    _require_manager(actor, run)
    run = _locked_run(run)
    before = _snapshot(run)
    firms = run_features(run)
    locked = list(Cohort.objects.filter(run=run, is_locked=True))
    locked_ids = {cohort.pk for cohort in locked}
    locked_members: dict[int, list[str]] = {cohort.pk: [] for cohort in locked}
    for firm in firms:
        if firm.enrolment.cohort_id in locked_ids:
            locked_members[firm.enrolment.cohort_id].append(firm.key)
    if not firms:
        raise ValidationError(_("Der er ingen tilmeldte at dele i grupper."))
    _check_enough(run, [firm for firm in firms if firm.enrolment.cohort_id not in locked_ids])
    together, apart = _pairs(run, {firm.enrolment.pk: firm.key for firm in firms})
    try:
        result = build_cohorts(
            [firm.key for firm in firms],
            np.array([firm.vector() for firm in firms], dtype=np.float64),
            min_size=run.cohort_min,
            max_size=run.cohort_max,
            groups=[firm.industry for firm in firms] if run.cohort_by == "industry" else None,
            together=together,
            apart=apart,
            locked=[locked_members[cohort.pk] for cohort in locked],
            seed=seed,
        )
    except CohortError as error:
        raise ValidationError(
            _("Grupperne kan ikke dannes: %(reason)s") % {"reason": error}
        ) from None
    Cohort.objects.filter(run=run, is_locked=False).delete()
    enrolment_of = {firm.key: firm.enrolment.pk for firm in firms}
    taken = {cohort.number for cohort in locked}
    numbers = (number for number in range(1, 10_000) if number not in taken)
    created = []
    for members in result.cohorts[len(locked) :]:
        number = next(numbers)
        cohort = Cohort.objects.create(run=run, number=number, name=_("Gruppe %s") % number)
        Enrolment.objects.filter(pk__in=[enrolment_of[key] for key in members]).update(
            cohort=cohort
        )
        created.append(cohort)
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=run,
        changes={"cohorts": [before, _snapshot(run)]},
    )
    return BuildOutcome(result=result, cohorts=[*locked, *created])


@transaction.atomic
def clear_cohorts(*, actor: Any, run: ProgrammeRun) -> int:
    """Take every cohort of the run away (locked ones too), except one that became a
    network. Returns how many were removed."""
    _require_manager(actor, run)
    run = _locked_run(run)
    before = _snapshot(run)
    _total, detail = Cohort.objects.filter(run=run, network__isnull=True).delete()
    count = detail.get(Cohort._meta.label, 0)
    if count:
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=run,
            changes={"cohorts": [before, _snapshot(run)]},
        )
    return int(count)


@transaction.atomic
def set_cohort_locked(*, actor: Any, cohort: Cohort, locked: bool) -> Cohort:
    """Lock a cohort (kept as it is by the next build) or unlock it."""
    _require_manager(actor, cohort.run)
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.is_locked == locked:
        return cohort
    if not locked and hasattr(cohort, "network"):
        raise ValidationError(_("Gruppen er blevet til et netværk og forbliver låst."))
    cohort.is_locked = locked
    cohort.save(update_fields=["is_locked"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=cohort.run,
        changes={f"cohort.{cohort.number}.is_locked": [not locked, locked]},
    )
    return cohort


def _name(enrolment: Enrolment) -> str:
    return enrolment.company.name


def move_refusal(enrolment: Enrolment, target: Cohort) -> str | None:
    """Why `enrolment` may not move to `target`, or None when it may."""
    run = target.run
    source = enrolment.cohort
    if enrolment.run_id != target.run_id or not enrolment.is_enrolled:
        return _("Virksomheden er ikke tilmeldt dette hold.")
    if source is not None and source.pk == target.pk:
        return _("Virksomheden er allerede i %(cohort)s.") % {"cohort": target}
    for cohort in (source, target):
        if cohort is not None and cohort.is_locked:
            return _("%(cohort)s er låst; lås den op for at flytte virksomheder.") % {
                "cohort": cohort
            }
    members = Enrolment.objects.enrolled().filter(run=run)
    source_size = members.filter(cohort=source).count() if source is not None else 0
    target_size = members.filter(cohort=target).count()
    if source is not None and source_size - 1 < run.cohort_min:
        return _("%(cohort)s ville få %(size)s, færre end de mindst %(minimum)s.") % {
            "cohort": source,
            "size": source_size - 1,
            "minimum": run.cohort_min,
        }
    if target_size + 1 > run.cohort_max:
        return _("%(cohort)s ville få %(size)s, flere end de højst %(maximum)s.") % {
            "cohort": target,
            "size": target_size + 1,
            "maximum": run.cohort_max,
        }
    if run.cohort_by == "industry":
        industry = enrolment.company.main_industry_code[:2]
        others = set(
            code[:2]
            for code in members.filter(cohort=target).values_list(
                "company__main_industry_code", flat=True
            )
        )
        if others and others != {industry}:
            return _("%(cohort)s er for en anden branche; holdet deles inden for brancher.") % {
                "cohort": target
            }
    for pair in CohortPair.objects.filter(Q(first=enrolment) | Q(second=enrolment), run=run):
        other_id = pair.second_id if pair.first_id == enrolment.pk else pair.first_id
        other = Enrolment.objects.enrolled().select_related("company").filter(pk=other_id).first()
        if other is None:
            continue
        if pair.together and other.cohort_id != target.pk:
            return _("%(firm)s og %(other)s skal være i samme gruppe.") % {
                "firm": _name(enrolment),
                "other": _name(other),
            }
        if not pair.together and other.cohort_id == target.pk:
            return _("%(firm)s og %(other)s skal være i hver sin gruppe.") % {
                "firm": _name(enrolment),
                "other": _name(other),
            }
    return None


@transaction.atomic
def move_to_cohort(*, actor: Any, enrolment: Enrolment, cohort: Cohort) -> Enrolment:
    """Move one enrolled firm to another unlocked cohort of its run (or place a firm
    enrolled after the build), within the bounds and the pair requests; refused with the
    reason otherwise."""
    _require_manager(actor, cohort.run)
    _locked_run(cohort.run)
    enrolment = Enrolment.objects.select_related("company", "cohort", "run").get(pk=enrolment.pk)
    cohort = Cohort.objects.select_related("run").get(pk=cohort.pk)
    refusal = move_refusal(enrolment, cohort)
    if refusal:
        raise ValidationError(refusal)
    before = enrolment.cohort
    enrolment.cohort = cohort
    enrolment.save(update_fields=["cohort"])
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=enrolment,
        company=enrolment.company,
        changes={"cohort": [before.number if before else None, cohort.number]},
    )
    return enrolment


@transaction.atomic
def add_pair_request(
    *, actor: Any, run: ProgrammeRun, first: Enrolment, second: Enrolment, together: bool
) -> CohortPair:
    """Ask that two enrolled firms be in the same cohort (together) or not; a request for
    the same two firms replaces the earlier one. Applies from the next build."""
    _require_manager(actor, run)
    for enrolment in (first, second):
        if enrolment.run_id != run.pk or not enrolment.is_enrolled:
            raise ValidationError(_("Begge virksomheder skal være tilmeldt holdet."))
    if first.pk == second.pk:
        raise ValidationError(_("Vælg to forskellige virksomheder."))
    CohortPair.objects.filter(
        Q(first=first, second=second) | Q(first=second, second=first), run=run
    ).delete()
    pair = CohortPair.objects.create(run=run, first=first, second=second, together=together)
    record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=run,
        changes={
            "cohort_pair": [
                None,
                [f"{first.company.cvr:08d}", f"{second.company.cvr:08d}", together],
            ]
        },
    )
    return pair


@transaction.atomic
def remove_pair_request(*, actor: Any, pair: CohortPair) -> None:
    _require_manager(actor, pair.run)
    values = [pair.first.company.cvr, pair.second.company.cvr, pair.together]
    pair.delete()
    record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=pair.run,
        changes={"cohort_pair": [[f"{values[0]:08d}", f"{values[1]:08d}", values[2]], None]},
    )


def industries_of(firms: list[FirmFeatures]) -> list[tuple[str, int]]:
    """(industry two-digit code, count), most common first."""
    counts = Counter(firm.industry or "?" for firm in firms)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
