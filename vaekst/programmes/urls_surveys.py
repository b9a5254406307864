"""URL patterns of the programmes app: surveys (included by urls.py under the app namespace)."""

from django.urls import URLPattern, path

from vaekst.programmes import views_surveys

urlpatterns: list[URLPattern] = [
    path(
        "forloeb/tilfredshed/",
        views_surveys.satisfaction_overview,
        name="satisfaction",
    ),
    path(
        "forloeb/tilfredshed/spoergsmaal/",
        views_surveys.survey_versions,
        name="survey_versions",
    ),
]
