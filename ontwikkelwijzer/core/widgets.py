"""Radio buttons and check boxes that render their options in Python.

Django renders every option of a ``RadioSelect`` or ``CheckboxSelectMultiple`` through three nested
templates (the option, the input, its attributes). On a page with many options (the self-scan has 12
statements of 6 answers and a list of 34 activities) that was most of the page's time: 482 template
includes for one form. These widgets produce the same HTML as Django's templates, character for
character (``core/tests/test_widgets.py`` compares them), with string building instead.
"""

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def attrs_html(attrs: dict[str, Any]) -> str:
    """As django/forms/widgets/attrs.html: ``False`` leaves an attribute out, ``True`` writes its name."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def text(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: safe strings stay as they are, anything else is escaped."""
    return conditional_escape(value if isinstance(value, SafeString) else str(value))


def _option(option: dict[str, Any], *, wrap_label: bool) -> str:
    """As django/forms/widgets/input_option.html (with input.html), newlines included; Django strips what a
    widget renders, not what it includes."""
    value = "" if option["value"] is None else f' value="{text(option["value"])}"'
    tag = (
        f'<input type="{conditional_escape(option["type"])}" name="{conditional_escape(option["name"])}"'
        f"{value}{attrs_html(option['attrs'])}>\n"
    )
    if not wrap_label:
        return tag + "\n"
    for_id = option["attrs"].get("id")
    label_open = f'<label for="{conditional_escape(for_id)}">' if for_id else "<label>"
    return f"{label_open}{tag} {conditional_escape(option['label'])}</label>\n"


def _choices(widget: dict[str, Any]) -> str:
    """As django/forms/widgets/multiple_input.html."""
    id_, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [
        "<div",
        f' id="{conditional_escape(id_)}"' if id_ else "",
        f' class="{conditional_escape(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{conditional_escape(group)}</label>")
        parts += [
            f"<div>\n    {_option(option, wrap_label=option.get('wrap_label', False))}\n</div>"
            for option in options
        ]
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class _PythonRendered:
    """Renders the whole widget, and each option (``{{ radio.tag }}``, ``{{ radio }}``), without templates."""

    template_name: str
    option_template_name: str

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        widget = context["widget"]
        if template_name == self.option_template_name:
            option = _option(widget, wrap_label=widget.get("wrap_label", False)).strip()
            return mark_safe(option)  # noqa: S308
        if template_name == self.template_name:
            return mark_safe(_choices(widget))  # noqa: S308  (every value is escaped above)
        return super()._render(template_name, context, renderer)  # type: ignore[misc]


class RadioSelect(_PythonRendered, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(_PythonRendered, forms.CheckboxSelectMultiple):
    pass
