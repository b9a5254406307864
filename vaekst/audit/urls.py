from django.urls import path

from vaekst.audit import views

app_name = "audit"
urlpatterns = [path("log/", views.entry_list, name="entry_list")]
