from pathlib import Path

import pytest
import yaml
from django.conf import settings

from ontwikkelwijzer.framework.models import Framework
from ontwikkelwijzer.framework.schema import FrameworkFileError, parse_framework_file
from ontwikkelwijzer.framework.services import framework_load


def real_data() -> dict:
    return yaml.safe_load(Path(settings.FRAMEWORK_FILE).read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict, name: str = "fw.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(FrameworkFileError) as info:
        parse_framework_file(path)
    return str(info.value)


class FrameworkFileTests:
    def test_it_accepts_the_real_file(self):
        data = parse_framework_file(settings.FRAMEWORK_FILE)
        assert len(data.activities) == 34
        assert [a.code.value for a in data.aspects] == ["competence", "identity", "workfield"]
        assert [c.code.value for c in data.categories] == ["practice", "expertise", "development"]

    def test_it_refuses_bad_yaml_naming_file_and_line(self, tmp_path):
        path = tmp_path / "broken.yaml"
        path.write_text("framework:\n  id: bgd\n  version: [unclosed\n", encoding="utf-8")
        message = refused(path)
        assert "broken.yaml" in message
        assert "line" in message and "not valid YAML" in message

    def test_it_refuses_a_missing_field_naming_the_activity(self, tmp_path):
        data = real_data()
        del data["activities"][1]["category"]
        message = refused(write(tmp_path, data))
        assert "fw.yaml" in message
        assert "activity docentstage" in message and "field category" in message

    def test_it_refuses_an_unknown_field(self, tmp_path):
        data = real_data()
        data["activities"][0]["colour"] = "blue"
        message = refused(write(tmp_path, data))
        assert "activity werken-in-bedrijf" in message and "field colour" in message

    def test_it_refuses_an_unknown_category(self, tmp_path):
        data = real_data()
        data["activities"][2]["category"] = "cooking"
        message = refused(write(tmp_path, data))
        assert "activity werkbezoeken" in message and "field category" in message

    def test_it_refuses_an_unknown_aspect(self, tmp_path):
        data = real_data()
        data["activities"][3]["contributions"]["wellbeing"] = "Meer rust"
        message = refused(write(tmp_path, data))
        assert "activity stagebegeleiding" in message and "wellbeing" in message

    def test_it_refuses_a_missing_aspect_cell(self, tmp_path):
        data = real_data()
        del data["activities"][3]["contributions"]["identity"]
        message = refused(write(tmp_path, data))
        assert "activity stagebegeleiding" in message and "identity" in message

    def test_it_refuses_a_duplicate_code(self, tmp_path):
        data = real_data()
        data["activities"][5]["code"] = data["activities"][4]["code"]
        message = refused(write(tmp_path, data))
        assert "duplicate code" in message and data["activities"][4]["code"] in message

    def test_it_refuses_an_unknown_learning_mode(self, tmp_path):
        data = real_data()
        data["activities"][0]["learning"] = ["informal", "accidental"]
        message = refused(write(tmp_path, data))
        assert "activity werken-in-bedrijf" in message and "field learning" in message

    def test_it_refuses_a_reference_to_an_unknown_source_or_activity(self, tmp_path):
        data = real_data()
        data["activities"][0]["sources"] = [{"source": "nobody2020", "note": ""}]
        data["phase1_overview"]["rows"][0]["formal"][0]["activity"] = "no-such-activity"
        message = refused(write(tmp_path, data))
        assert "nobody2020" in message and "no-such-activity" in message

    def test_it_refuses_a_file_that_is_not_a_mapping(self, tmp_path):
        path = tmp_path / "list.yaml"
        path.write_text("- just\n- a list\n", encoding="utf-8")
        assert "list.yaml" in refused(path)

    def test_it_refuses_a_missing_file(self, tmp_path):
        assert "can't be read" in refused(tmp_path / "absent.yaml")

    @pytest.mark.django_db
    def test_it_loads_nothing_of_a_refused_file(self, tmp_path):
        data = real_data()
        data["framework"]["version"] = "2027-01"
        data["activities"][-1]["category"] = "cooking"
        with pytest.raises(FrameworkFileError):
            framework_load(path=write(tmp_path, data))
        assert not Framework.objects.filter(version="2027-01").exists()
