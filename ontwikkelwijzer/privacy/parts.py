"""The parts of a person's data: one ``personal_data`` module per app that holds any, found through the app
registry (so the apps never import this one), in the order of INSTALLED_APPS.

A ``personal_data`` module offers:

- ``EXPORTED``: ``{"app.Model.field": "where in index.json"}`` for each relation to a person whose rows are
  in the export. ``field`` is the foreign key, one-to-one or many-to-many field that points at the user, or
  at a row that belongs to the user (``plans.LogEntry.item``); for data found by e-mail address instead of
  a relation it is the field holding the address (``axes.AccessLog.username``).
- ``EXEMPT``: ``{"app.Model.field": "why it is not exported"}`` for the relations that are not.
- ``export(user) -> dict``: plain data (strings, numbers, booleans, None, lists, dicts; dates, datetimes
  and decimals are written as ISO text and as text).
- optionally ``files(user) -> list[(path_in_zip, FieldFile)]``: uploaded files to put in the download.
- optionally ``erase(user) -> list[callable]``: what deleting the account needs beyond the CASCADE of the
  database. It runs inside the deletion's transaction, before the account row goes; the callables it
  returns run after the commit (deleting files, sending mail), each on its own: a failure is logged.

``tests/test_coverage.py`` fails when a model with a relation to the user is in neither dict.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.db.models.fields.files import FieldFile
from django.utils.module_loading import module_has_submodule

from ontwikkelwijzer.accounts.models import User

MODULE = "personal_data"


@dataclass(frozen=True)
class Part:
    label: str  # the app label, the part's key in index.json
    module: ModuleType

    @property
    def exported(self) -> dict[str, str]:
        return dict(getattr(self.module, "EXPORTED", {}))

    @property
    def exempt(self) -> dict[str, str]:
        return dict(getattr(self.module, "EXEMPT", {}))

    def export(self, user: User) -> dict[str, Any]:
        return dict(self.module.export(user))

    def files(self, user: User) -> list[tuple[str, FieldFile]]:
        return list(self.module.files(user)) if hasattr(self.module, "files") else []

    def erase(self, user: User) -> list[Callable[[], object]]:
        return list(self.module.erase(user) or []) if hasattr(self.module, "erase") else []


def parts() -> list[Part]:
    """Every app's ``personal_data`` module, in the order of INSTALLED_APPS."""
    return [
        Part(label=config.label, module=import_module(f"{config.name}.{MODULE}"))
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, MODULE)
    ]
