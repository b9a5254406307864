"""Background tasks (django-tasks): scoring runs started from the web."""

from django_tasks import task

from vaekst.segmentation.models import ScoringRun
from vaekst.segmentation.scoring import run_scoring


@task()
def score_task(run_id: int) -> dict[str, object]:
    """Carry out a queued scoring run; progress is written to the run row."""
    run = ScoringRun.objects.get(pk=run_id)
    return run_scoring(run)
