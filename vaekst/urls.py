from django.urls import include, path

from vaekst.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("", include("vaekst.web.urls")),
    path("konto/", include("vaekst.accounts.urls")),
    path("", include("vaekst.register.urls")),
    path("", include("vaekst.interactions.urls")),
    path("", include("vaekst.audit.urls")),
    path("", include("vaekst.offers.urls")),
    path("", include("vaekst.segmentation.urls")),
    path("", include("vaekst.growthplans.urls")),
    path("", include("vaekst.programmes.urls")),
    path("", include("vaekst.portal.urls")),
]
