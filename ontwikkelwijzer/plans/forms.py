from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.core import schoolyear, widgets
from ontwikkelwijzer.core.numbers import NumberField
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.framework.models import Activity, Aspect
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem, TeamGoal
from ontwikkelwijzer.plans.services import ItemData
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Team


def team_goals_for_plan(plan, *, keep: int | None = None):
    """The goals of the team plans (same school year) of the teams where the plan's owner teaches;
    `keep` is a goal already linked, offered too so that saving does not silently unlink it."""
    teams = Team.objects.filter(memberships__user=plan.user_id, memberships__role=Role.TEACHER)
    wanted = Q(team_plan__team__in=teams, team_plan__school_year=plan.school_year)
    if keep:
        wanted |= Q(pk=keep)
    return (
        TeamGoal.objects.filter(wanted)
        .select_related("team_plan__team", "aspect")
        .order_by("team_plan__team__name", "aspect__number", "pk")
    )


def team_goal_label(goal: TeamGoal) -> str:
    return f"{goal.team_plan.team.name}: {Truncator(goal.text).chars(80)}"


class IdChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id, each id checked to fit the id column before the database sees it: an id
    past 2^63 is an unknown choice (a form error), not an OverflowError (a 500)."""

    def clean(self, value):
        if self.to_field_name is None and isinstance(value, list | tuple):
            ops = connections[self.queryset.db].ops
            kind = self.queryset.model._meta.pk.get_internal_type()
            low, high = ops.integer_field_ranges.get(kind, (None, None))
            for raw in value:
                try:
                    number = int(raw)  # as the id column reads it
                except (TypeError, ValueError):
                    continue  # not a number: the field answers "not a valid value" itself
                if (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": raw}
                    )
        return super().clean(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PlanItemForm(forms.Form):
    """Plan: an activity from the catalogue or one of your own, with goal, aspects, period and hours."""

    activity = forms.ModelChoiceField(
        label=_("Activity from the framework"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("— my own activity —"),
        to_field_name="code",
    )
    title = forms.CharField(
        label=_("Name of your own activity"),
        max_length=200,
        required=False,
        help_text=_("Only when it is not in the framework, for example an in-house course."),
    )
    goal = forms.CharField(
        label=_("Your goal"),
        required=False,  # required unless the activity is cancelled: see _clean_goal
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you want to be able to do, or do differently, after this activity?"),
    )
    aspects = IdChoiceField(
        label=_("Aspects you work on"),
        queryset=Aspect.objects.none(),
        widget=widgets.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one aspect.")},
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(label=_("Until"), widget=DateInput())
    estimated_hours = NumberField(label=_("Estimated hours"), min_value=0, max_value=999, decimal_places=1)
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices, initial=ItemStatus.PLANNED)
    follow_up = forms.CharField(
        label=_("Follow-up (act)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What will you do next with what you learned?"),
    )
    team_goal = forms.ModelChoiceField(
        label=_("Team goal"),
        queryset=TeamGoal.objects.none(),
        required=False,
        empty_label=_("— no team goal —"),
        help_text=_("Link this activity to a goal in your team's plan, if it contributes to one."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # The framework's activities and the own activities of the owner's schools.
        organisations = Membership.objects.filter(user=plan.user_id).values_list("organisation", flat=True)
        self.fields["activity"].queryset = own_activities.visible(plan.framework, organisations).order_by(
            "position", "name"
        )
        self.fields["aspects"].queryset = Aspect.objects.filter(framework=plan.framework).order_by("number")
        self.fields["aspects"].label_from_instance = lambda aspect: aspect.name
        linked = self.initial.get("team_goal")
        self.fields["team_goal"].queryset = team_goals_for_plan(
            plan, keep=linked if isinstance(linked, int) else None
        )
        self.fields["team_goal"].label_from_instance = team_goal_label

    def clean(self):
        data = super().clean()
        if not data.get("activity") and not data.get("title", "").strip():
            self.add_error(
                "title", _("Choose an activity from the framework, or give your own activity a name.")
            )
        start, end = data.get("start_date"), data.get("end_date")
        first, last = schoolyear.bounds(self.plan.school_year)
        for field in ("start_date", "end_date"):
            day = data.get(field)
            if day and not first <= day <= last:
                self.add_error(
                    field,
                    _("Choose a date within the school year %(year)s.") % {"year": self.plan.school_year},
                )
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        self._clean_goal(data)
        return data

    def _clean_goal(self, data: dict) -> None:
        """A goal is needed to plan an activity, not to cancel one: a cancelled activity without a goal
        keeps the goal it had (none, when it was added from the catalogue, which leaves the goal empty)."""
        if "goal" not in data or data["goal"].strip():
            return
        if data.get("status") == ItemStatus.CANCELLED:
            data["goal"] = self.initial.get("goal") or ""
        else:
            self.add_error(
                "goal",
                forms.ValidationError(
                    _("Write down your goal. Only a cancelled activity can do without one."), code="required"
                ),
            )

    def item_data(self) -> ItemData:
        data = self.cleaned_data
        return ItemData(
            activity=data["activity"],
            title=data["title"].strip(),
            goal=data["goal"].strip(),
            aspects=list(data["aspects"]),
            start_date=data["start_date"],
            end_date=data["end_date"],
            estimated_hours=data["estimated_hours"],
            status=data["status"],
            follow_up=data["follow_up"].strip(),
            team_goal=data.get("team_goal"),
        )

    @staticmethod
    def initial_from(item: PlanItem) -> dict:
        return {
            "activity": item.activity.code if item.activity else None,
            "title": item.title,
            "goal": item.goal,
            "aspects": list(item.aspects.all()),
            "start_date": item.start_date,
            "end_date": item.end_date,
            "estimated_hours": item.estimated_hours,
            "status": item.status,
            "follow_up": item.follow_up,
            "team_goal": item.team_goal_id,
            "version": item.version,
        }


class ConversationForm(forms.Form):
    """The field names and ids match the form written out in plans/partials/conversation.html."""

    date = forms.DateField(label=_("Date of the conversation"), widget=DateInput())
    text = forms.CharField(
        label=_("Agreements"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What did you agree on in the conversation?"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "conversation-%s")
        super().__init__(*args, **kwargs)
