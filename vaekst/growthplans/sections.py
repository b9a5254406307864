"""The firm's growth mappings, plan and partnership as a section of the company page."""

from django.http import HttpRequest

from vaekst.growthplans import selectors
from vaekst.growthplans.choices import MappingStatus
from vaekst.growthplans.models import GrowthPartnership, GrowthPlan
from vaekst.growthplans.services.common import works_on_plans
from vaekst.organisations.scoping import visibility_filter, visible_to
from vaekst.register.models import Company
from vaekst.register.sections import CompanySection, register_company_section


@register_company_section
def growth_section(request: HttpRequest, company: Company) -> CompanySection | None:
    user = request.user
    # The company page fetched the firm through the scoping, so the role decides (as in
    # is_staff_for, without asking the database again whether the firm is visible).
    if visibility_filter(user, GrowthPlan) is None or not works_on_plans(user):
        return None
    mappings = list(selectors.mappings_for_company(user, company)[:10])
    plans = list(selectors.plans_for_company(user, company).order_by("status", "-updated_at"))
    plan = next((p for p in plans if p.is_active), None)
    progress = selectors.plan_progress(plan) if plan is not None else None
    partnership = (
        visible_to(user, GrowthPartnership.objects.filter(plan=plan))
        .select_related("firm_accepted_by", "house_accepted_by")
        .first()
        if plan is not None
        else None
    )
    mapped = {p.source_mapping_id for p in plans}
    unplanned = next(
        (m for m in mappings if m.status == MappingStatus.COMPLETED and m.pk not in mapped), None
    )
    return CompanySection(
        template_name="growthplans/_company_section.html",
        context={
            "company": company,
            "mappings": mappings,
            "plans": plans,
            "plan": plan,
            "progress": progress,
            "partnership": partnership,
            "unplanned_mapping": unplanned,
            "can_work": bool(getattr(user, "is_caseworker", False)),
        },
    )
