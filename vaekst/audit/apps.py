from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vaekst.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from vaekst.audit import scoping  # noqa: F401
