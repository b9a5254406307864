"""The API's edge and schema tests need a consultant with a plan in scope: the growth-plan
tests' plan of firm A, reused rather than written twice."""

from vaekst.growthplans.tests.conftest import figures_a, mapping_a, plan_a

__all__ = ["figures_a", "mapping_a", "plan_a"]
