from django.apps import AppConfig


class SegmentationConfig(AppConfig):
    name = "vaekst.segmentation"
    verbose_name = "Segmentation"

    def ready(self) -> None:
        from vaekst.segmentation import scoping, sections  # noqa: F401
