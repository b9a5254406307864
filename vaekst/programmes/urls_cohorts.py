"""URL patterns of the programmes app: cohorts (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_cohorts

urlpatterns: list[URLPattern] = [
    path("forloeb/<uuid:public_id>/grupper/", views_cohorts.cohort_page, name="cohorts"),
    path("forloeb/<uuid:public_id>/grupper/dan/", views_cohorts.cohort_build, name="cohort_build"),
    path("forloeb/<uuid:public_id>/grupper/ryd/", views_cohorts.cohort_clear, name="cohort_clear"),
    path(
        "forloeb/<uuid:public_id>/grupper/<int:number>/laas/",
        views_cohorts.cohort_lock,
        name="cohort_lock",
    ),
    path(
        "forloeb/<uuid:public_id>/grupper/flyt/<uuid:enrolment_id>/",
        views_cohorts.cohort_move,
        name="cohort_move",
    ),
    path("forloeb/<uuid:public_id>/grupper/par/", views_cohorts.pair_add, name="cohort_pair_add"),
    path(
        "forloeb/<uuid:public_id>/grupper/par/<int:pair_id>/fjern/",
        views_cohorts.pair_remove,
        name="cohort_pair_remove",
    ),
]
