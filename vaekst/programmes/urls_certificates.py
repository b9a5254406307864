"""URL patterns of the programmes app: certificates of participation."""

from django.urls import URLPattern, path

from vaekst.programmes import views_certificates

urlpatterns: list[URLPattern] = [
    path(
        "forloeb/tilmeldinger/<uuid:public_id>/deltagerbevis.pdf",
        views_certificates.certificate,
        name="certificate",
    ),
]
