from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ontwikkelwijzer.core"
    label = "core"
