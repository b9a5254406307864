from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vaekst.web"
    verbose_name = "Web shell"
