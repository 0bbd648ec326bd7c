from django.apps import AppConfig


class WorkfieldConfig(AppConfig):
    name = "ontwikkelwijzer.workfield"
    label = "workfield"
