"""The programmes app's URLs, one module per part (runs, cohorts, networks, surveys, the
calendar, certificates), so that each part keeps its own list."""

from django.urls import URLPattern

from vaekst.programmes import (
    urls_calendar,
    urls_certificates,
    urls_cohorts,
    urls_networks,
    urls_plan,
    urls_runs,
    urls_surveys,
)

app_name = "programmes"
urlpatterns: list[URLPattern] = [
    *urls_runs.urlpatterns,
    *urls_cohorts.urlpatterns,
    *urls_networks.urlpatterns,
    *urls_surveys.urlpatterns,
    *urls_calendar.urlpatterns,
    *urls_certificates.urlpatterns,
    *urls_plan.urlpatterns,
]
