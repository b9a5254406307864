from django.urls import path

from vaekst.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("aendringer/", views.change_list, name="change_list"),
]
