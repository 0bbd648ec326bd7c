from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ontwikkelwijzer.accounts"
    label = "accounts"
