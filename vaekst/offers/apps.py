from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "vaekst.offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        from vaekst.offers import scoping, sections  # noqa: F401  (registers rules, section)
