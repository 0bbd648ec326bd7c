"""Numbers as Dutch people type and read them: "0,8" and "0.8" both mean eight tenths, and the form writes
back "0,8" in Dutch ("0.8" in English).

A browser's number input is no help here: Chromium takes "0,8" in an input of ``type="number"`` as "08" when
its own language uses a point, and shows a value in the browser's language, not the page's. So a
``NumberField`` is a text input with ``inputmode="decimal"`` (the phone's keyboard with digits and both
separators), and the server reads either separator. Its messages name the limits as the page writes
numbers ("at least 0,05"), not as Python does ("0.05").
"""

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

_LIMITS = (validators.MinValueValidator, validators.MaxValueValidator, validators.StepValueValidator)
# One number, with a comma or a point before its decimals: "0,8", "0.8", "12", ",5", "-1". Spaces around
# it are fine; thousands separators are not (nobody types 1.000 hours, and "1.000" would be ambiguous).
_NUMBER = re.compile(r"\s*([+-]?)(\d*)(?:[.,](\d*))?\s*")


def parse_number(text: str) -> Decimal | None:
    """The number typed, whichever separator; None when it is not one number."""
    match = _NUMBER.fullmatch(text)
    if not match or not (match[2] or match[3]):
        return None
    return Decimal(f"{match[1]}{match[2] or '0'}.{match[3] or '0'}")


def written(value: Decimal | int) -> str:
    """A number as the page writes it in the active language, without trailing zeros (0,8; 59; 47,2)."""
    value = Decimal(value)
    return number_format(value, max(0, -int(value.normalize().as_tuple().exponent)), use_l10n=True)


class NumberField(forms.DecimalField):
    """A decimal number typed with a comma or a point, shown with the language's separator."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Fill in a number, with a decimal comma or point: for example 0.8."),
        "max_digits": ngettext_lazy(
            "Fill in a number of at most %(max)s digit.", "Fill in a number of at most %(max)s digits.", "max"
        ),
        "max_decimal_places": ngettext_lazy(
            "Fill in at most %(max)s digit after the decimal separator.",
            "Fill in at most %(max)s digits after the decimal separator.",
            "max",
        ),
        "max_whole_digits": ngettext_lazy(
            "Fill in a number of at most %(max)s digit before the decimal separator.",
            "Fill in a number of at most %(max)s digits before the decimal separator.",
            "max",
        ),
    }

    def __init__(self, **kwargs: Any):
        super().__init__(localize=True, **kwargs)
        # The limits are checked in ``validate``, with the number as the page writes it, instead of by the
        # validators Django adds, whose messages write it as Python does.
        self.validators = [v for v in self.validators if not isinstance(v, _LIMITS)]

    @classmethod
    def for_model(cls, field: "models.DecimalField[Any, Any]", **kwargs: Any) -> "NumberField":
        """The form field of a model's decimal field: its label, help, default, digits and limits (the
        model's minimum and maximum validators)."""
        limits = {type(v): v.limit_value for v in field.validators if isinstance(v, _LIMITS)}
        return cls(
            **{
                "label": capfirst(field.verbose_name),
                "help_text": field.help_text,
                "required": not field.blank,
                "initial": field.get_default() if field.has_default() else None,
                "max_digits": field.max_digits,
                "decimal_places": field.decimal_places,
                "min_value": limits.get(validators.MinValueValidator),
                "max_value": limits.get(validators.MaxValueValidator),
                **kwargs,
            }
        )

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # the stubs' IntegerField
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        number = parse_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def validate(self, value: Decimal | None) -> None:
        super().validate(value)  # type: ignore[arg-type]  # Django's takes None (an empty, optional field)
        if value is None:
            return
        # The stubs type them as IntegerField's (an int or a callable); a DecimalField's are numbers.
        low, high = cast(Decimal | int | None, self.min_value), cast(Decimal | int | None, self.max_value)
        if low is not None and value < low:
            raise ValidationError(
                _("Fill in a number of at least %(limit)s.") % {"limit": written(low)},
                code="min_value",
            )
        if high is not None and value > high:
            raise ValidationError(
                _("Fill in a number of at most %(limit)s.") % {"limit": written(high)},
                code="max_value",
            )


def number_formfield(field: "models.Field[Any, Any]", **kwargs: Any) -> forms.Field | None:
    """A ModelForm's ``formfield_callback``: a ``NumberField`` for each decimal field, Django's own for
    the others."""
    if isinstance(field, models.DecimalField):
        return NumberField.for_model(field, **kwargs)
    return field.formfield(**kwargs)
