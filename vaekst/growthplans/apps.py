from django.apps import AppConfig


class GrowthplansConfig(AppConfig):
    name = "vaekst.growthplans"
    verbose_name = "Growth plans"

    def ready(self) -> None:
        from vaekst.audit.wording import register_describer
        from vaekst.growthplans import (
            scoping,  # noqa: F401  (registers the scoping rules)
            sections,  # noqa: F401  (the company page's section)
        )
        from vaekst.growthplans.changes import describe

        # A plan version's audit entry keeps what changed as data; the log words it.
        register_describer("growthplans.growthplan", "summary", describe)
