from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "vaekst.programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        # Registers the scoping rules, the company page's section ("Forløb og netværk") and
        # timeline entries, what a plan action of a programme shows, and the programme's
        # section of its offer's page.
        from vaekst.programmes import (  # noqa: F401
            offer_pages,
            plan_actions,
            scoping,
            sections,
            timeline,
        )
