"""What the pages need to know of the signed-in person: their roles for the menu (one query, only when a
page uses it) and their development-hours budget (two queries, likewise)."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.hours import Budget, budget_for
from ontwikkelwijzer.teams.models import Membership


@dataclass(frozen=True)
class Roles:
    held: frozenset[str]

    @property
    def partner_only(self) -> bool:
        """A work-field partner's contact and nothing else at any school: their menu is the partner side."""
        return self.held == {Role.PARTNER}

    @property
    def administers(self) -> bool:
        return Role.ADMIN in self.held


def _roles_of(request: HttpRequest) -> Roles:
    user = request.user
    if not user.is_authenticated:
        return Roles(frozenset())
    return Roles(frozenset(Membership.objects.filter(user=user).values_list("role", flat=True).distinct()))


def _budget_of(request: HttpRequest) -> Budget | None:
    """The signed-in person's development-hours budget and where it comes from (``teams.hours``): the plan
    page says it, and the account page shows an FTE the school set as read-only."""
    user = request.user
    return budget_for(user=user) if user.is_authenticated else None


def roles(request: HttpRequest) -> dict[str, object]:
    return {
        "my_roles": SimpleLazyObject(lambda: _roles_of(request)),
        "my_budget": SimpleLazyObject(lambda: _budget_of(request)),
    }
