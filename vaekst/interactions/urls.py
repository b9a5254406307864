from django.urls import path

from vaekst.interactions import views

app_name = "interactions"
urlpatterns = [
    path(
        "virksomheder/<int:cvr>/henvendelser/ny/",
        views.interaction_create,
        name="interaction_create",
    ),
    path("virksomheder/<int:cvr>/kontakter/ny/", views.person_create, name="person_create"),
    path("kontakter/<uuid:public_id>/", views.person_detail, name="person_detail"),
    path("kontakter/<uuid:public_id>/rediger/", views.person_update, name="person_update"),
]
