"""A confirmation page before a destructive or sweeping action, the same everywhere.

GET shows what will happen (``confirm_page``); the POST must carry ``confirm=yes`` from that page's form
(``confirmed``), so a form or script posting directly to the action without it changes nothing and gets
the page again. Works without JavaScript.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FIELD = "confirm"
VALUE = "yes"


@dataclass(frozen=True)
class Confirmation:
    title: str  # what is about to happen, as a question or a heading
    consequences: Sequence[str]  # each thing that will change, in plain words
    button: str  # the label of the confirming button, naming the action
    cancel_url: str  # where "Cancel" leads: the page the person came from
    danger: bool = True  # a red button for what removes something
    undo: str = ""  # how it can be undone afterwards, when it can ("You can restore it for 30 days.")
    hidden: dict[str, str] = field(default_factory=dict)  # other fields the action needs, posted along


def confirmed(request: HttpRequest) -> bool:
    """A POST sent from the confirmation page's form."""
    return request.method == "POST" and request.POST.get(FIELD) == VALUE


def confirm_page(request: HttpRequest, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    """The page that asks; its form posts back to the URL it was shown on."""
    return render(
        request,
        "partials/confirm_page.html",
        {
            "confirmation": confirmation,
            "confirm_field": FIELD,
            "confirm_value": VALUE,
            "hidden": list(confirmation.hidden.items()),  # pairs: a field named "items" can't shadow them
        },
        status=status,
    )
