from django.urls import path

from vaekst.programmes import views_runs

app_name = "programmes"
urlpatterns = [
    # runs, sessions, enrolment, attendance, certificates
    path("forloeb/", views_runs.run_list, name="run_list"),
    # cohorts and networks
    # surveys and satisfaction
    # calendar and iCalendar feed
]
