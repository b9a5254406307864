from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "vaekst.organisations"
    verbose_name = "Organisations"
