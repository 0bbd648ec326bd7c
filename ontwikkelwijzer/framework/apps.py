from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "ontwikkelwijzer.framework"
    label = "framework"
