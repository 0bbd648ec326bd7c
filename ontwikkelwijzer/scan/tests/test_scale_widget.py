"""Each statement of the scan is one row of labelled buttons (scan.forms.ScaleSelect)."""

import re

import pytest
from django.utils import translation

from ontwikkelwijzer.framework.selectors import activity_list
from ontwikkelwijzer.scan.constants import NOT_APPLICABLE
from ontwikkelwijzer.scan.forms import ScanForm, statement_field_name
from ontwikkelwijzer.scan.selectors import scan_statements

pytestmark = pytest.mark.django_db


def buttons(framework, data=None) -> tuple[list, str]:
    statements = scan_statements(framework=framework)
    form = ScanForm(data, statements=statements, activities=activity_list(framework=framework))
    if data is not None:
        form.is_valid()
    name = statement_field_name(statements[0])
    with translation.override("nl"):
        html = str(form[name])
    return re.findall(r'<label class="([^"]+)" for="([^"]+)"><input ([^>]*)>(.*?)</label>', html), name


def test_every_answer_is_a_labelled_button_and_the_chosen_one_is_checked(framework):
    found, name = buttons(framework, {statement_field_name(scan_statements(framework=framework)[0]): "3"})
    assert len(found) == 6
    for _css, label_for, attributes, _text in found:
        assert (
            f'id="{label_for}"' in attributes and f'name="{name}"' in attributes and "required" in attributes
        )
    checked = [text for _css, _for, attributes, text in found if " checked" in f" {attributes}"]
    assert checked == ['<span aria-hidden="true">3</span><span class="visually-hidden">3 – deels waar</span>']
    assert found[-1][0] == "scale-option scale-na" and f'value="{NOT_APPLICABLE}"' in found[-1][2]
    assert "(niet van toepassing)" in found[-1][3]


def test_an_unanswered_statement_is_marked_invalid(framework):
    found, _name = buttons(framework, {})
    assert found and all('aria-invalid="true"' in attributes for _css, _for, attributes, _text in found)
    assert not [a for _c, _f, a, _t in found if "checked" in a]
