"""What apps higher up show on an action row of the plan page (a programme's runs and the
firm's enrolment on one), so the plan shows them without this app importing those apps.
Like the company sections: each app registers a provider in its AppConfig.ready()."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from vaekst.growthplans.models import GrowthPlan, PlanAction
from vaekst.lib.extensions import ExtensionPoint


@dataclass(frozen=True)
class ActionExtra:
    """A block shown under an action's offer: a template and its context. `settles_offer`
    says the offer is taken up (the firm is enrolled on it, say): the row then shows this
    block instead of the eligibility answer, which would only say the allowance is used."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    settles_offer: bool = False


# provider(request, plan, actions) -> {action pk: extra}; called once per page.
ActionExtrasProvider = Callable[
    [HttpRequest, GrowthPlan, list[PlanAction]], Mapping[int, ActionExtra]
]

# `provider(request, plan, actions)` gets every action on the page the user may see (with
# their offers) and returns the extras by action id, in a fixed number of queries whatever
# the number of actions.
extension: ExtensionPoint[ActionExtrasProvider] = ExtensionPoint()
register_action_extras = extension.register


def action_extras(
    request: HttpRequest, plan: GrowthPlan, actions: list[PlanAction]
) -> dict[int, list[ActionExtra]]:
    extras: dict[int, list[ActionExtra]] = {}
    for provider in extension.providers:
        for action_id, extra in provider(request, plan, actions).items():
            extras.setdefault(action_id, []).append(extra)
    return extras
