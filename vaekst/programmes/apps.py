from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "vaekst.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from vaekst.programmes import (  # noqa: F401
            plan_actions,
            scoping,  # noqa: F401  (registers the scoping rules)
            sections,
            timeline,
        )
