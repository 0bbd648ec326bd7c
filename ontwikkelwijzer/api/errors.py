"""The API's 422 answers: each error names the field it is about, as a path a client can follow
(``["body", "answers", "workfield-beoordeling"]``), with a message in Dutch.

Pydantic reports an error inside ``X | None`` once per branch of the union and names each branch in the
path (``"dict[str,nullable[...]]"``, ``"none"``); django-ninja puts the parameter's name (``"body"``) after
where it came from. Neither means anything to a client, so they are left out here; the error's ``type`` and
``ctx`` stay as pydantic gives them.
"""

from typing import Any

# Dutch messages for the errors the API's schemas can give; others keep pydantic's own message.
MESSAGES = {
    "less_than_equal": "Moet hoogstens {le} zijn.",
    "greater_than_equal": "Moet minstens {ge} zijn.",
    "too_short": "Moet minstens {min_length} onderdeel of onderdelen hebben.",
    "too_long": "Mag hoogstens {max_length} onderdelen hebben.",
    "int_type": "Moet een geheel getal zijn.",
    "int_parsing": "Moet een geheel getal zijn.",
    "int_from_float": "Moet een geheel getal zijn.",
    "string_type": "Moet tekst zijn.",
    "list_type": "Moet een lijst zijn.",
    "dict_type": "Moet een object zijn.",
    "model_type": "Moet een object zijn.",
    "missing": "Ontbreekt.",
    "extra_forbidden": "Onbekend veld.",
    "literal_error": "Moet een van deze zijn: {expected}.",
    "json_invalid": "Geen geldige JSON.",
}


class _Context(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _internal(part: Any) -> bool:
    """A branch of a union as pydantic names it in a path, not a field or key of the request."""
    return isinstance(part, str) and ("[" in part or "(" in part)


def clean(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned: list[dict[str, Any]] = []
    seen = set()
    for error in errors:
        loc = list(error.get("loc", ()))
        if loc[:2] == ["body", "body"]:
            loc = loc[1:]
        if error.get("type") == "none_required" and loc and loc[-1] == "none":
            continue  # the "null" branch of an optional field that was given a value
        loc = [part for part in loc if not _internal(part)]
        if (key := tuple(loc)) in seen:
            continue
        seen.add(key)
        ctx = error.get("ctx") or {}
        if error.get("type") == "value_error" and "error" in ctx:
            msg = str(ctx["error"])
        elif template := MESSAGES.get(str(error.get("type"))):
            msg = template.format_map(_Context(ctx))
        else:
            msg = str(error.get("msg", ""))
        cleaned.append({**error, "loc": loc, "msg": msg})
    return cleaned
