from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "ontwikkelwijzer.teams"
    label = "teams"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from ontwikkelwijzer.teams import invitations

        user_logged_in.connect(invitations.tell_about_waiting, dispatch_uid="teams.tell_about_waiting")
