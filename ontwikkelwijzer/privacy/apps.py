from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's own data: the export of everything and the deletion of the account, gathered from the
    ``personal_data`` module of each app (``privacy.parts``)."""

    name = "ontwikkelwijzer.privacy"
    label = "privacy"

    def ready(self) -> None:
        from ontwikkelwijzer.privacy import checks  # noqa: F401 - registers the system checks
