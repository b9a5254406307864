"""URL patterns of the programmes app: calendar (included by urls.py under the app namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
