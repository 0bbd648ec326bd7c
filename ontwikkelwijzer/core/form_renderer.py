"""The form renderer: Django's own, with its most used templates written as string building.

Django renders one form field through five to seven templates (the field group, its label, its error
list, the widget, the input, its attributes), each a template render with its own context. On the item
page (a log form and three reflections) that was a third of the page's time. For the templates below this
renderer builds the same HTML in Python, character for character (``core/tests/test_form_renderer.py``
compares both renderers over generated forms and over every form page of the demo school); any other
template, a project's own or a widget with its own ``template_name``, is rendered by Django as before.
"""

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from ontwikkelwijzer.core.widgets import attrs_html, text


def _input(context: dict[str, Any]) -> str:
    """widgets/input.html, and every input widget that only includes it."""
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{attrs_html(widget['attrs'])}>"
    )


def _textarea(context: dict[str, Any]) -> str:
    widget = context["widget"]
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{text(option["value"])}"{attrs_html(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


def _select(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{conditional_escape(group)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # an option with its own template: Django renders the whole select
            parts.append(f"\n  {_option(option)}\n")
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context: dict[str, Any]) -> str:
    """label.html (a label or a legend)."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{attrs_html(context['attrs'])}>{label}</{tag}>"


def _errors(context: dict[str, Any]) -> str:
    """errors/list/default.html and ul.html."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_ = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{conditional_escape(error)}</li>" for error in errors)
    return f'<ul class="{conditional_escape(context["error_class"])}"{id_}>{items}</ul>'


def _field(context: dict[str, Any]) -> str:
    """field.html: the label (or legend), help text, errors and widget of one field."""
    field = context["field"]
    if field.use_fieldset:
        described = field.aria_describedby
        described_by = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        head = f"<fieldset{described_by}>\n  {field.legend_tag() if field.label else ''}\n"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
    help_text = ""
    if field.help_text:
        id_ = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{id_}>{field.help_text}</div>'
    end = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n{help_text}\n{conditional_escape(field.errors)}\n{conditional_escape(field)}{end}"


_INPUTS = (
    "input text number email url password hidden date datetime time tel search color file checkbox"
).split()

BUILDERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/field.html": _field,
}


class PythonFormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: the templates in ``BUILDERS`` built in Python, the others rendered by Django."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        builder = BUILDERS.get(template_name)
        html = builder(context) if builder else None
        if html is None:
            return super().render(template_name, context, request)
        return SafeString(html.strip())
