from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "vaekst.register"
    verbose_name = "Company register"

    def ready(self) -> None:
        from vaekst.register import scoping  # noqa: F401  (registers the company rule)
