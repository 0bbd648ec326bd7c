from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ontwikkelwijzer.plans"
    label = "plans"
