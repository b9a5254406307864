"""URL patterns of the programmes app: runs (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_runs

urlpatterns: list[URLPattern] = [
    path("forloeb/", views_runs.run_list, name="run_list"),
]
