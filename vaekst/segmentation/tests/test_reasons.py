import datetime

import pytest

from vaekst.segmentation import reasons
from vaekst.segmentation.models import PredictionModel
from vaekst.segmentation.reasons import Reason, explain_score

pytestmark = pytest.mark.django_db

SCORED_AT = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def explained(monkeypatch) -> list[tuple[int, int, int]]:
    """Stands in for the model's evaluation and records each one: (company, year, model)."""
    calls: list[tuple[int, int, int]] = []

    def fake(company_id: int, as_of: int, *, model: PredictionModel) -> list[Reason]:
        calls.append((company_id, as_of, model.pk))
        return [Reason("age_years", "Alder", 3.0, 10.0, -0.02)]

    monkeypatch.setattr(reasons, "explain_prediction", fake)
    return calls


def test_a_stored_score_is_explained_once_while_it_holds(explained) -> None:
    # given an active model
    model = PredictionModel.objects.create(version=1, artifact=b"", is_active=True)
    # when the same score is explained twice
    first = explain_score(101, 2025, SCORED_AT)
    second = explain_score(101, 2025, SCORED_AT)
    # then the model ran once, and both answers are its reasons
    assert explained == [(101, 2025, model.pk)]
    assert first == second == [Reason("age_years", "Alder", 3.0, 10.0, -0.02)]


def test_a_rescored_firm_or_a_new_model_is_explained_again(explained) -> None:
    # given a score explained once
    old = PredictionModel.objects.create(version=1, artifact=b"", is_active=True)
    explain_score(102, 2025, SCORED_AT)
    # when a run rewrites the score, then it is explained again
    explain_score(102, 2025, SCORED_AT + datetime.timedelta(days=1))
    # and when another model becomes the active one, again
    PredictionModel.objects.filter(pk=old.pk).update(is_active=False)
    new = PredictionModel.objects.create(version=2, artifact=b"", is_active=True)
    explain_score(102, 2025, SCORED_AT + datetime.timedelta(days=1))
    assert explained == [(102, 2025, old.pk), (102, 2025, old.pk), (102, 2025, new.pk)]


def test_without_an_active_model_nothing_is_explained(explained) -> None:
    assert explain_score(103, 2025, SCORED_AT) is None
    assert explained == []
