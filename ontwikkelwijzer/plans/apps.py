from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "ontwikkelwijzer.plans"
    label = "plans"

    def ready(self) -> None:
        from ontwikkelwijzer.plans.selectors import activity_history
        from ontwikkelwijzer.scan.history import provide_history

        provide_history(activity_history)
