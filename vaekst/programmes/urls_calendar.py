"""URL patterns of the programmes app: calendar (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_calendar

urlpatterns: list[URLPattern] = [
    path("kalender/", views_calendar.month, name="calendar"),
    path("kalender/ny-adresse/", views_calendar.renew_feed, name="calendar_renew"),
    path("kalender/<str:token>.ics", views_calendar.feed, name="calendar_feed"),
]
