from django.apps import AppConfig


class GrowthplansConfig(AppConfig):
    name = "vaekst.growthplans"
    verbose_name = "Growth plans"

    def ready(self) -> None:
        from vaekst.growthplans import (
            scoping,  # noqa: F401  (registers the scoping rules)
            sections,  # noqa: F401  (the company page's section)
        )
