from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "vaekst.offers"
    verbose_name = "Offers"

    def ready(self) -> None:
        from vaekst.offers import scoping  # noqa: F401  (registers the offer rules)
