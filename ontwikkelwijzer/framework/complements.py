"""Which activities complement a given one: pure functions over plain data."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    code: str
    category: str
    aspects: frozenset[str]
    learning: frozenset[str]
    position: int = 0


@dataclass(frozen=True)
class Complement:
    code: str
    adds_aspects: frozenset[str]
    adds_learning: frozenset[str]
    other_category: bool


def complements(of: Profile, candidates: Iterable[Profile], *, limit: int = 5) -> list[Complement]:
    """Activities that cover the aspects or learning mode ``of`` does not, best first.

    An aspect it adds weighs most, then a learning mode it adds, then a category of its own. An
    activity that adds none of these is not a complement. Ties keep the framework's order.
    """
    scored = []
    for other in candidates:
        if other.code == of.code:
            continue
        adds_aspects = other.aspects - of.aspects
        adds_learning = other.learning - of.learning
        other_category = other.category != of.category
        weight = 3 * len(adds_aspects) + 2 * len(adds_learning) + int(other_category)
        if weight:
            scored.append(
                (-weight, other.position, Complement(other.code, adds_aspects, adds_learning, other_category))
            )
    scored.sort(key=lambda item: (item[0], item[1]))
    return [complement for *_, complement in scored[:limit]]
