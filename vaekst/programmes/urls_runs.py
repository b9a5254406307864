"""URL patterns of the programmes app: runs (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_enrolment, views_programmes, views_runs, views_sessions

urlpatterns: list[URLPattern] = [
    path(
        "tilbud/<uuid:public_id>/program/",
        views_programmes.programme_set_up,
        name="programme_set_up",
    ),
    path("forloeb/", views_runs.run_list, name="run_list"),
    path("forloeb/nyt/", views_runs.run_create, name="run_create"),
    path("forloeb/<uuid:public_id>/", views_runs.run_detail, name="run_detail"),
    path("forloeb/<uuid:public_id>/ret/", views_runs.run_edit, name="run_edit"),
    path("forloeb/<uuid:public_id>/status/", views_runs.run_status, name="run_status"),
    path(
        "forloeb/<uuid:public_id>/moedegange/ny/",
        views_sessions.session_add,
        name="session_add",
    ),
    path(
        "forloeb/<uuid:public_id>/moedegange/<uuid:session_id>/ret/",
        views_sessions.session_edit,
        name="session_edit",
    ),
    path(
        "forloeb/<uuid:public_id>/moedegange/<uuid:session_id>/",
        views_sessions.session_row,
        name="session_row",
    ),
    path(
        "forloeb/<uuid:public_id>/moedegange/<uuid:session_id>/fjern/",
        views_sessions.session_remove,
        name="session_remove",
    ),
    path(
        "forloeb/<uuid:public_id>/moedegange/<uuid:session_id>/fremmoede/",
        views_enrolment.attendance_save,
        name="attendance_save",
    ),
    path(
        "forloeb/<uuid:public_id>/tilmeld/",
        views_enrolment.enrolment_create,
        name="enrolment_create",
    ),
    path(
        "forloeb/<uuid:public_id>/tilmeldinger/<uuid:enrolment_id>/afmeld/",
        views_enrolment.enrolment_cancel,
        name="enrolment_cancel",
    ),
]
