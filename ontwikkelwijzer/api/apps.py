from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ontwikkelwijzer.api"
    label = "api"
