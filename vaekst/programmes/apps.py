from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "vaekst.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        # Registers the scoping rules, and the programme's section of its offer's page.
        from vaekst.programmes import offer_pages, scoping  # noqa: F401
