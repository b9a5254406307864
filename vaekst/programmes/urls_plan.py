"""URL patterns of the programmes app: enrolling from a growth-plan action."""

from django.urls import URLPattern, path

from vaekst.programmes import views_plan

urlpatterns: list[URLPattern] = [
    path(
        "vaekstplaner/aktiviteter/<uuid:public_id>/tilmeld-hold/",
        views_plan.plan_enrol,
        name="plan_enrol",
    ),
]
