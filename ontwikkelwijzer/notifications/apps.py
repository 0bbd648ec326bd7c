from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "ontwikkelwijzer.notifications"
    label = "notifications"
