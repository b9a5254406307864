from django.urls import path

from vaekst.offers import views

app_name = "offers"
urlpatterns = [
    path("tilbud/", views.offer_list, name="offer_list"),
    path("tilbud/nyt/", views.offer_create, name="offer_create"),
    path("tilbud/<uuid:public_id>/", views.offer_detail, name="offer_detail"),
    path("tilbud/<uuid:public_id>/ret/", views.offer_update, name="offer_update"),
    path("virksomheder/<int:cvr>/tilbud/", views.company_offers, name="company_offers"),
    path(
        "virksomheder/<int:cvr>/tilbud/undtagelse/",
        views.override_create,
        name="override_create",
    ),
]
