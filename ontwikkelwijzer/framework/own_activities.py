"""A school's own activities: an in-house course, a regional network, beside the framework's 34.

They are ``Activity`` rows of the current framework version with ``organisation`` set, classified the
same way (category, informal/formal, what they contribute per aspect), so the recommendations, the plans
and the overviews use them like any other. Only the school's own people see them (``visible``); the
public catalogue and the API never do (``Activity.objects`` leaves them out). When a new framework version
is loaded, ``carry_over`` copies them into it, with the same category and aspects by code.

HR, curriculum developers and administrators of the school add and change them (``access``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import widgets
from ontwikkelwijzer.framework.models import Activity, Aspect, Category, Contribution, Framework
from ontwikkelwijzer.framework.search import index_text
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams.models import Organisation

CODE_PREFIX = "eigen-"
FIRST_POSITION = 1000  # after the framework's own
CONTRIBUTION_PREFIX = "contribution_"


def organisations_of(user: User | AnonymousUser) -> "QuerySet[Organisation, int]":
    """The organisations whose own activities the person sees: those they have any role in (their ids, as
    a query: inside another query it is a subquery)."""
    return access.schools_with_role(user).values_list("pk", flat=True)


def visible(framework: Framework, organisations: Iterable[int] | QuerySet[Any]) -> QuerySet[Activity]:
    """The framework's activities and the own activities of these organisations (ids, or a query of them,
    which becomes a subquery: one query less)."""
    schools = organisations if isinstance(organisations, QuerySet) else list(organisations)
    return Activity.everything.filter(framework=framework).filter(
        Q(organisation__isnull=True) | Q(organisation__in=schools)
    )


def of_organisation(organisation: Organisation, framework: Framework) -> QuerySet[Activity]:
    return (
        Activity.everything.filter(framework=framework, organisation=organisation)
        .select_related("category")
        .prefetch_related("contributions__aspect")
        .order_by("name", "pk")
    )


class OwnActivityForm(forms.Form):
    """An own activity, classified as the framework classifies its activities."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it is, who organises it and how to take part."),
    )
    category = forms.ChoiceField(label=_("Category"))
    learning = forms.MultipleChoiceField(
        label=_("Learning mode"),
        choices=[("informal", _("Informal")), ("formal", _("Formal"))],
        widget=widgets.CheckboxSelectMultiple,
        error_messages={"required": _("Choose informal, formal or both.")},
    )
    involves_workfield = forms.BooleanField(label=_("Together with the work field"), required=False)
    touches_curriculum = forms.BooleanField(
        label=_("Touches the curriculum"),
        required=False,
        help_text=_("For example assessment, a new programme or assignments for students."),
    )
    estimated_hours = forms.IntegerField(label=_("Estimated hours"), min_value=1, max_value=500, initial=8)

    def __init__(
        self, *args: Any, framework: Framework, activity: Activity | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.aspects = list(framework.aspects.all())
        self.categories = {c.code: c for c in framework.categories.all()}
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", _("— choose a category —"))] + [
            (c.code, c.name) for c in self.categories.values()
        ]
        for aspect in self.aspects:
            self.fields[f"{CONTRIBUTION_PREFIX}{aspect.code}"] = forms.CharField(
                label=_("What it contributes to: %(aspect)s") % {"aspect": aspect.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Leave empty when it does not contribute to this aspect."),
            )
        if activity is not None and not self.is_bound:
            texts = {c.aspect.code: c.text for c in activity.contributions.all()}
            self.initial.update(
                name=activity.name,
                description=activity.description,
                category=activity.category.code,
                learning=activity.learning,
                involves_workfield=activity.involves_workfield,
                touches_curriculum=activity.touches_curriculum,
                estimated_hours=activity.estimated_hours,
                **{f"{CONTRIBUTION_PREFIX}{code}": text for code, text in texts.items()},
            )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any((data.get(f"{CONTRIBUTION_PREFIX}{a.code}") or "").strip() for a in self.aspects):
            first = f"{CONTRIBUTION_PREFIX}{self.aspects[0].code}"
            self.add_error(first, _("Say what the activity contributes to at least one aspect."))
        return data

    def contributions(self) -> dict[Aspect, str]:
        found = {}
        for aspect in self.aspects:
            text = self.cleaned_data[f"{CONTRIBUTION_PREFIX}{aspect.code}"].strip()
            if text:
                found[aspect] = text
        return found


@dataclass(frozen=True)
class OwnActivityData:
    name: str
    description: str
    category: Category
    learning: list[str]
    involves_workfield: bool
    touches_curriculum: bool
    estimated_hours: int
    contributions: dict[Aspect, str]

    @classmethod
    def from_form(cls, form: OwnActivityForm) -> "OwnActivityData":
        data = form.cleaned_data
        return cls(
            name=data["name"].strip(),
            description=data["description"].strip(),
            category=form.categories[data["category"]],
            learning=data["learning"],
            involves_workfield=data["involves_workfield"],
            touches_curriculum=data["touches_curriculum"],
            estimated_hours=data["estimated_hours"],
            contributions=form.contributions(),
        )


def _unique_code(framework: Framework, organisation: Organisation, name: str) -> str:
    base = f"{CODE_PREFIX}{organisation.pk}-{slugify(name)[:40] or 'activiteit'}"
    taken = set(
        Activity.everything.filter(framework=framework, code__startswith=base).values_list("code", flat=True)
    )
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def save(
    *,
    organisation: Organisation,
    framework: Framework,
    data: OwnActivityData,
    activity: Activity | None = None,
) -> Activity:
    """Add an own activity to the framework version, or change one."""
    with transaction.atomic():
        if activity is None:
            last = Activity.everything.filter(framework=framework).aggregate(top=Max("position"))["top"] or 0
            activity = Activity(
                framework=framework,
                organisation=organisation,
                code=_unique_code(framework, organisation, data.name),
                position=max(last + 1, FIRST_POSITION),
            )
        activity.name = data.name
        activity.description = data.description
        activity.category = data.category
        activity.informal = "informal" in data.learning
        activity.formal = "formal" in data.learning
        activity.involves_workfield = data.involves_workfield
        activity.touches_curriculum = data.touches_curriculum
        activity.estimated_hours = data.estimated_hours
        activity.search_name = index_text([data.name])
        activity.search_body = index_text([data.description, *data.contributions.values()])
        activity.save()
        activity.contributions.all().delete()
        Contribution.objects.bulk_create(
            Contribution(activity=activity, aspect=aspect, text=text)
            for aspect, text in data.contributions.items()
        )
    return activity


def carry_over(*, previous: Framework, new: Framework) -> list[str]:
    """Copy the own activities of the previous framework version into the new one (by category and
    aspect code). Returns the names of those that could not be copied (their category is gone)."""
    categories = {c.code: c for c in new.categories.all()}
    aspects = {a.code: a for a in new.aspects.all()}
    left_out = []
    for old in (
        Activity.everything.filter(framework=previous, organisation__isnull=False)
        .select_related("category")
        .prefetch_related("contributions__aspect")
    ):
        category = categories.get(old.category.code)
        texts = {aspects[c.aspect.code]: c.text for c in old.contributions.all() if c.aspect.code in aspects}
        if category is None or not texts:
            left_out.append(old.name)
            continue
        if Activity.everything.filter(framework=new, code=old.code).exists():
            continue
        copy = Activity.everything.create(
            framework=new,
            organisation_id=old.organisation_id,
            code=old.code,
            name=old.name,
            description=old.description,
            category=category,
            position=old.position,
            informal=old.informal,
            formal=old.formal,
            involves_workfield=old.involves_workfield,
            touches_curriculum=old.touches_curriculum,
            estimated_hours=old.estimated_hours,
            search_name=old.search_name,
            search_body=old.search_body,
        )
        Contribution.objects.bulk_create(
            Contribution(activity=copy, aspect=aspect, text=text) for aspect, text in texts.items()
        )
    return left_out
