from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "vaekst.portal"
    verbose_name = "Portal"
