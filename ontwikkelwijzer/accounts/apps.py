from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ontwikkelwijzer.accounts"
    label = "accounts"

    def ready(self) -> None:
        from ontwikkelwijzer.accounts import signals  # noqa: F401 - connects the receivers
