"""URL patterns of the programmes app: networks (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_networks

urlpatterns: list[URLPattern] = [
    path("netvaerk/", views_networks.network_list, name="network_list"),
    path("netvaerk/<uuid:public_id>/", views_networks.network_detail, name="network_detail"),
    path("netvaerk/<uuid:public_id>/ret/", views_networks.network_update, name="network_update"),
    path(
        "netvaerk/<uuid:public_id>/medlemmer/", views_networks.member_add, name="network_member_add"
    ),
    path(
        "netvaerk/<uuid:public_id>/medlemmer/<int:cvr>/fjern/",
        views_networks.member_remove,
        name="network_member_remove",
    ),
    path(
        "netvaerk/<uuid:public_id>/moeder/", views_networks.meeting_add, name="network_meeting_add"
    ),
    path(
        "netvaerk/moeder/<uuid:meeting_id>/",
        views_networks.meeting_edit,
        name="network_meeting_edit",
    ),
    path(
        "netvaerk/moeder/<uuid:meeting_id>/fjern/",
        views_networks.meeting_remove,
        name="network_meeting_remove",
    ),
    path(
        "forloeb/<uuid:public_id>/grupper/<int:number>/netvaerk/",
        views_networks.network_from_cohort,
        name="network_from_cohort",
    ),
]
