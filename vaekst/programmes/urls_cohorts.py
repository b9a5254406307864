"""URL patterns of the programmes app: cohorts (included by urls.py under the app namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
