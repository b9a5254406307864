from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "vaekst.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from vaekst.programmes import (
            scoping,  # noqa: F401  (registers the scoping rules)
            sections_networks,  # noqa: F401  (the company page's section)
        )
