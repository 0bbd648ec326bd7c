"""What a person already does, for the recommendations, without the scan importing the plans.

The plans app registers a function in its ``AppConfig.ready`` (``plans.selectors.activity_history``);
the scan result asks it which activities are in the person's plan this school year (planned, in
progress or done: never recommended again) and which were done last school year (only again with a
reason).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ontwikkelwijzer.accounts.models import User


@dataclass(frozen=True)
class History:
    this_year: frozenset[str] = frozenset()  # activity codes planned, in progress or done this school year
    last_year: frozenset[str] = frozenset()  # activity codes done last school year

    def __or__(self, other: "History") -> "History":
        return History(self.this_year | other.this_year, self.last_year | other.last_year)


HistoryOf = Callable[[User, datetime], History]

_providers: list[HistoryOf] = []


def provide_history(provider: HistoryOf) -> None:
    """Have ``provider(user, moment)`` tell what the person does (once)."""
    if provider not in _providers:
        _providers.append(provider)


def history_of(user: User, moment: datetime) -> History:
    """What the registered apps know the person had planned or done at ``moment``."""
    found = History()
    for provider in _providers:
        found |= provider(user, moment)
    return found
