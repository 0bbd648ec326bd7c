from django.apps import AppConfig


class ScanConfig(AppConfig):
    name = "ontwikkelwijzer.scan"
    label = "scan"

    def ready(self) -> None:
        from ontwikkelwijzer.scan import signals  # noqa: F401 - connects the receivers
