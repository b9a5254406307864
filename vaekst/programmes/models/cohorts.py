from django.db import models
from django.utils.translation import gettext_lazy as _

from vaekst.programmes.models.runs import Enrolment, ProgrammeRun


class Cohort(models.Model):
    """One eye-level group of a run's enrolled firms (its members are the enrolments that
    point at it). A locked cohort is kept as it is when the split is run again."""

    run = models.ForeignKey(ProgrammeRun, on_delete=models.CASCADE, related_name="cohorts")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100, blank=True, verbose_name=_("navn"))
    is_locked = models.BooleanField(default=False, verbose_name=_("låst"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gruppe")
        verbose_name_plural = _("grupper")
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="one_cohort_number_per_run")
        ]

    def __str__(self) -> str:
        return self.name or f"{self.run_id} #{self.number}"


class CohortPair(models.Model):
    """A request that two firms of a run be in the same cohort, or in different ones."""

    run = models.ForeignKey(ProgrammeRun, on_delete=models.CASCADE, related_name="cohort_pairs")
    first = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    together = models.BooleanField(verbose_name=_("sammen"))

    class Meta:
        verbose_name = _("ønske om gruppe")
        verbose_name_plural = _("ønsker om grupper")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_pair_request"),
            models.CheckConstraint(
                condition=~models.Q(first=models.F("second")), name="pair_of_two_firms"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} {'with' if self.together else 'apart from'} {self.second_id}"
