from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "vaekst.programmes"
    verbose_name = "Programmes"
