from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "ontwikkelwijzer.teams"
    label = "teams"
