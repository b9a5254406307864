from django.urls import path

from vaekst.portal import sharing_views, survey_views, views, views_networks, views_programmes

app_name = "portal"
urlpatterns = [
    path("portal/", views.home, name="home"),
    path("portal/plan/", views.plan_view, name="plan"),
    path("portal/plan/kommentar/", views.comment, name="comment"),
    path(
        "portal/plan/milepael/<uuid:public_id>/",
        views.milestone_progress,
        name="milestone_progress",
    ),
    path("portal/plan/aktivitet/<uuid:public_id>/", views.action_status, name="action_status"),
    path("portal/partnerskab/<uuid:public_id>/", views.partnership_view, name="partnership"),
    path("portal/forloeb/", views_programmes.programmes, name="programmes"),
    path("portal/forloeb/<uuid:public_id>/tilmeld/", views_programmes.enrol_view, name="enrol"),
    path(
        "portal/forloeb/tilmelding/<uuid:public_id>/afmeld/",
        views_programmes.cancel_view,
        name="cancel_enrolment",
    ),
    path("portal/deling/", sharing_views.shares, name="shares"),
    path("portal/deling/<uuid:public_id>/tilbagekald/", sharing_views.withdraw, name="withdraw"),
    path("portal/kolleger/", sharing_views.colleagues, name="colleagues"),
    path("portal/invitation/<str:token>/", sharing_views.invitation, name="invitation"),
    path("portal/spoergeskemaer/", survey_views.survey_list, name="survey_list"),
    path("portal/spoergeskemaer/tak/", survey_views.survey_thanks, name="survey_thanks"),
    path(
        "portal/spoergeskemaer/forloeb/<uuid:public_id>/",
        survey_views.survey_run,
        name="survey_run",
    ),
    path(
        "portal/spoergeskemaer/vaekstkortlaegning/<uuid:public_id>/",
        survey_views.survey_mapping,
        name="survey_mapping",
    ),
    path("portal/netvaerk/", views_networks.networks, name="networks"),
    path(
        "portal/netvaerk/<uuid:public_id>/samtykke/", views_networks.consent, name="network_consent"
    ),
    path(
        "portal/netvaerk/<uuid:public_id>/kontakter/<uuid:person_id>/tilbagekald/",
        views_networks.withdraw,
        name="network_withdraw",
    ),
]
