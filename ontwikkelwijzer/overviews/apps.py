from django.apps import AppConfig


class OverviewsConfig(AppConfig):
    name = "ontwikkelwijzer.overviews"
    label = "overviews"

    def ready(self) -> None:
        from ontwikkelwijzer.overviews import stats

        stats.connect()
