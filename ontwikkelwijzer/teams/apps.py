from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "ontwikkelwijzer.teams"
    label = "teams"

    def ready(self):
        from ontwikkelwijzer.teams import stats

        stats.connect()
