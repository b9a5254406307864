from django.urls import path

from vaekst.portal import sharing_views, views, views_networks

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
    path("portal/deling/", sharing_views.shares, name="shares"),
    path("portal/deling/<uuid:public_id>/tilbagekald/", sharing_views.withdraw, name="withdraw"),
    path("portal/kolleger/", sharing_views.colleagues, name="colleagues"),
    path("portal/invitation/<str:token>/", sharing_views.invitation, name="invitation"),
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
