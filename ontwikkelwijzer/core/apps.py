from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "ontwikkelwijzer.core"
    label = "core"

    def ready(self) -> None:
        from ontwikkelwijzer.core.cache_url import create_cache_tables

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="core.create_cache_tables")
