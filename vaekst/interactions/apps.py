from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "vaekst.interactions"
    verbose_name = "Interactions"

    def ready(self) -> None:
        from vaekst.interactions import scoping, sections  # noqa: F401
