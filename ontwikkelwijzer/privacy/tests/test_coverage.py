"""Every model that holds something of a person is in the export or exempt from it with a reason."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.privacy.parts import parts
from ontwikkelwijzer.privacy.services import user_data_export
from ontwikkelwijzer.privacy.tests.relations import declared_field, user_relations

# Apps without a personal_data module of their own: the accounts part declares their models.
FOREIGN_APPS_OWNER = "accounts"
IMPORTS_PRIVACY = re.compile(
    r"^\s*(from|import)\s+ontwikkelwijzer\.privacy|[\"']ontwikkelwijzer\.privacy", re.M
)


def _declarations() -> dict[str, list[tuple[str, str, str]]]:
    """key -> [(part label, "exported" or "exempt", where or why)]"""
    found: dict[str, list] = {}
    for part in parts():
        for key, where in part.exported.items():
            found.setdefault(key, []).append((part.label, "exported", where))
        for key, why in part.exempt.items():
            found.setdefault(key, []).append((part.label, "exempt", why))
    return found


class CoverageTests:
    def test_every_relation_to_the_user_is_exported_or_exempt_with_a_reason(self):
        declared = _declarations()
        missing = sorted(set(user_relations()) - set(declared))
        assert not missing, (
            "These relations to a person are in no app's personal_data (EXPORTED or EXEMPT): "
            + ", ".join(missing)
        )
        for key, entries in declared.items():
            assert len(entries) == 1, f"{key} is declared more than once: {entries}"
            _label, kind, text = entries[0]
            if kind == "exempt":
                assert len(text.split()) >= 8, f"{key} is exempt without a real reason: {text!r}"

    def test_the_walk_finds_relations_through_parents_and_third_party_apps(self):
        found = user_relations()
        # direct, through a parent row, through a parent's parent, and a third-party model
        for key in ("scan.Scan.user", "scan.ScanAnswer.scan", "plans.LogEntry.item", "admin.LogEntry.user"):
            assert key in found

    def test_every_declaration_names_a_real_field_in_its_own_app(self):
        labels = {part.label for part in parts()}
        for key, entries in _declarations().items():
            model, _field = declared_field(key)
            owner = entries[0][0]
            app = model._meta.app_label
            assert owner == (app if app in labels else FOREIGN_APPS_OWNER), f"{key} is declared by {owner}"

    @pytest.mark.django_db
    def test_every_export_place_is_in_the_export_even_for_a_person_without_data(self):
        user = User.objects.create_user(email="leeg@school.nl", password="x")
        index = user_data_export(user=user)
        for part in parts():
            assert part.label in index
            for key, where in part.exported.items():
                label, _dot, rest = where.partition(".")
                top = re.match(r"\w+", rest).group(0)
                assert label == part.label and top in index[part.label], f"{key}: {where} is not exported"

    def test_parts_come_in_the_order_of_installed_apps(self):
        order = [name.rsplit(".", 1)[-1] for name in settings.INSTALLED_APPS]
        labels = [part.label for part in parts()]
        assert labels == sorted(labels, key=order.index)
        assert labels == ["accounts", "teams", "scan", "plans", "workfield", "notifications", "overviews"]

    def test_no_app_imports_the_privacy_app(self):
        root = Path(settings.BASE_DIR) / "ontwikkelwijzer"
        offenders = [
            str(path.relative_to(root))
            for path in root.rglob("*.py")
            if "privacy" not in path.relative_to(root).parts[:1]
            and "tests" not in path.parts
            and IMPORTS_PRIVACY.search(path.read_text())
        ]
        assert not offenders
