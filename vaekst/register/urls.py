from django.urls import path

from vaekst.register import views

app_name = "register"
urlpatterns = [
    path("virksomheder/", views.company_list, name="company_list"),
    path("virksomheder/<int:cvr>/", views.company_detail, name="company_detail"),
]
