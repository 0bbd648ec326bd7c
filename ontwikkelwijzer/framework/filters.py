"""Parsing the catalogue's filter and search parameters, shared by the pages and the API.

Parsing never fails: what can't be used is left out and described in ``ignored``, in the active
language, so the page (or the API response) can say what was ignored.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ontwikkelwijzer.framework.constants import LearningMode
from ontwikkelwijzer.framework.search import MAX_QUERY_LENGTH

FILTER_KEYS = ("q", "aspect", "category", "learning", "workfield")
# Parameters that are not filters but may ride along in a shared link.
PASSTHROUGH_KEYS = frozenset({"lang", "format"})
MAX_SHOWN_VALUE = 40
TRUE_VALUES = frozenset({"1", "true", "ja", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "nee", "no", "off"})


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    aspect: str | None = None
    category: str | None = None
    learning: str | None = None
    workfield: bool | None = None
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def active(self) -> bool:
        return bool(self.q or self.aspect or self.category or self.learning or self.workfield is not None)

    def as_params(self) -> dict[str, str]:
        """The filters as URL parameters, for links to the same view."""
        params = {"q": self.q, "aspect": self.aspect, "category": self.category, "learning": self.learning}
        if self.workfield is not None:
            params["workfield"] = "1" if self.workfield else "0"
        return {key: value for key, value in params.items() if value}


def _shown(value: str) -> str:
    value = "".join(ch if ch.isprintable() else "?" for ch in value)
    return value if len(value) <= MAX_SHOWN_VALUE else value[: MAX_SHOWN_VALUE - 1] + "…"


def parse_catalogue_filters(
    params: Mapping[str, Iterable[str]], *, aspects: Iterable[str], categories: Iterable[str]
) -> CatalogueFilters:
    """Read filters from request parameters (each key maps to its list of values)."""
    ignored: list[str] = []
    choices = {
        "aspect": frozenset(aspects),
        "category": frozenset(categories),
        "learning": frozenset(LearningMode.values),
    }
    labels = {
        "aspect": _("aspect"),
        "category": _("category"),
        "learning": _("learning mode"),
        "workfield": _("work field"),
        "q": _("search"),
    }
    found: dict[str, str] = {}  # the text filters
    workfield: bool | None = None
    for key, raw_values in params.items():
        values = [str(v) for v in raw_values]
        if key not in FILTER_KEYS:
            if key not in PASSTHROUGH_KEYS:
                ignored.append(_("Unknown parameter “%(name)s” was ignored.") % {"name": _shown(key)})
            continue
        if not values:
            continue
        if len(values) > 1:
            ignored.append(_("Only the first value for %(filter)s was used.") % {"filter": labels[key]})
        value = values[0].strip()
        if key == "q":
            text = " ".join(value.split())
            if len(text) > MAX_QUERY_LENGTH:
                ignored.append(
                    _("The search text was cut to %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
                )
                text = text[:MAX_QUERY_LENGTH]
            found["q"] = text
        elif value == "":
            continue
        elif key == "workfield":
            lowered = value.lower()
            if lowered in TRUE_VALUES | FALSE_VALUES:
                workfield = lowered in TRUE_VALUES
            else:
                ignored.append(
                    _("Unknown value “%(value)s” for %(filter)s was ignored.")
                    % {"value": _shown(value), "filter": labels[key]}
                )
        elif value in choices[key]:
            found[key] = value
        else:
            ignored.append(
                _("Unknown value “%(value)s” for %(filter)s was ignored.")
                % {"value": _shown(value), "filter": labels[key]}
            )
    return CatalogueFilters(
        q=found.get("q", ""),
        aspect=found.get("aspect"),
        category=found.get("category"),
        learning=found.get("learning"),
        workfield=workfield,
        ignored=tuple(ignored),
    )
