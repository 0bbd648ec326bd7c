"""The classification "touches the curriculum": in the file format, the schema and the loaded data."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.framework.schema import FrameworkFileError, parse_framework_file
from ontwikkelwijzer.framework.services import framework_load

# Our classification in framework/bgd-2026-04.yaml (docs/framework-data.md says why).
TOUCHING = {
    "co-assessment",
    "pool-examinatoren",
    "curriculum-met-werkveld",
    "bedrijvenpoule",
    "training-assessoren",
    "co-design",
    "nieuwe-programmas",
    "toetsing-rubrics",
    "samenwerkingsprojecten",
}


def real_data() -> dict:
    return yaml.safe_load(Path(settings.FRAMEWORK_FILE).read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def activity(data: dict, code: str) -> dict:
    return next(a for a in data["activities"] if a["code"] == code)


class SchemaTests:
    def test_the_real_file_sets_the_flags_we_chose(self):
        data = parse_framework_file(settings.FRAMEWORK_FILE)
        assert {a.code for a in data.activities if a.touches_curriculum} == TOUCHING

    def test_the_flag_is_optional_and_false_by_default(self, tmp_path):
        data = real_data()
        for a in data["activities"]:
            a.pop("touches_curriculum", None)
        parsed = parse_framework_file(write(tmp_path, data))
        assert not any(a.touches_curriculum for a in parsed.activities)

    @pytest.mark.parametrize("value", [True, False])
    def test_it_accepts_a_boolean(self, tmp_path, value):
        data = real_data()
        activity(data, "docentstage")["touches_curriculum"] = value
        parsed = parse_framework_file(write(tmp_path, data))
        assert next(a for a in parsed.activities if a.code == "docentstage").touches_curriculum is value

    @pytest.mark.parametrize("value", ["ja", "true", 1, 0, None, ["true"]])
    def test_it_refuses_anything_but_a_boolean_naming_the_activity(self, tmp_path, value):
        data = real_data()
        activity(data, "docentstage")["touches_curriculum"] = value
        with pytest.raises(FrameworkFileError) as info:
            parse_framework_file(write(tmp_path, data))
        message = str(info.value)
        assert "activity docentstage" in message and "field touches_curriculum" in message


@pytest.mark.django_db
class LoadTests:
    def test_the_loaded_real_file_has_the_flags(self, framework):
        flagged = set(framework.activities.filter(touches_curriculum=True).values_list("code", flat=True))
        assert flagged == TOUCHING
        assert framework.activities.filter(touches_curriculum=False).count() == 34 - len(TOUCHING)

    def test_a_changed_file_sets_the_flags_on_existing_activities(self, framework):
        # As before this classification: every flag off. A changed file (another checksum) is loaded again.
        Activity.everything.filter(framework=framework).update(touches_curriculum=False)
        framework.checksum = "an older file"
        framework.save(update_fields=["checksum"])
        pks = sorted(framework.activities.values_list("pk", flat=True))

        result = framework_load(path=settings.FRAMEWORK_FILE)

        assert result.changed and not result.created
        flagged = set(framework.activities.filter(touches_curriculum=True).values_list("code", flat=True))
        assert flagged == TOUCHING
        assert sorted(framework.activities.values_list("pk", flat=True)) == pks  # updated, not made anew
