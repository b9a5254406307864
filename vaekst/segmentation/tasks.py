"""Background tasks (django-tasks): scoring runs started from the web, and the register's
drop directory taken on a schedule."""

from django_tasks import task

from vaekst.segmentation.deltas import take_drop_directory
from vaekst.segmentation.models import ScoringRun
from vaekst.segmentation.scoring import run_scoring


@task()
def score_task(run_id: int) -> dict[str, object]:
    """Carry out a queued scoring run; progress is written to the run row."""
    run = ScoringRun.objects.get(pk=run_id)
    return run_scoring(run)


@task()
def import_drop_directory_task(directory: str) -> list[str]:
    """Import the drop directory's new register files in order, each followed by the
    re-scoring of the firms it touched (see `deltas`); a failure is raised, and the next
    run takes the same file again."""
    return [result.line() for result in take_drop_directory(directory)]
