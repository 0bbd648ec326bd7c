"""Forms of the team plan: goals per aspect with notes, and the team activities."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.plans.models import TeamActivity, TeamGoal, TeamPlan

GOAL_PREFIX = "goal_"


class TeamPlanForm(forms.Form):
    """One goal per aspect (blank: no goal for that aspect) and the team's notes."""

    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example what the team agreed, or how the plan was made."),
    )

    def __init__(
        self, *args, aspects: list[Aspect], goals: list[TeamGoal], team_plan: TeamPlan | None, **kwargs
    ):
        kwargs.setdefault("prefix", "plan")
        super().__init__(*args, **kwargs)
        self.aspects = aspects
        saved = {goal.aspect_id: goal.text for goal in goals}
        self.fields["notes"].initial = team_plan.notes if team_plan else ""
        goal_fields = {}
        for aspect in aspects:
            goal_fields[f"{GOAL_PREFIX}{aspect.code}"] = forms.CharField(
                label=aspect.name,
                required=False,
                max_length=2000,
                initial=saved.get(aspect.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The goals first, in the order of the framework; the notes last.
        self.fields = {**goal_fields, "notes": self.fields["notes"]}

    def goal_texts(self) -> dict[Aspect, str]:
        return {aspect: self.cleaned_data[f"{GOAL_PREFIX}{aspect.code}"].strip() for aspect in self.aspects}


class TeamActivityForm(forms.Form):
    """A team activity: from the framework or with a title of its own, in a phase of the team's PDCA."""

    activity = forms.ModelChoiceField(
        label=_("Activity from the framework"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("— the team's own activity —"),
        to_field_name="code",
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For example a PLG on feedback, a meeting of the work-field committee."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goal = forms.ModelChoiceField(
        label=_("Team goal"),
        queryset=TeamGoal.objects.none(),
        required=False,
        empty_label=_("— no team goal —"),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), choices=TeamActivity.Phase.choices, initial=TeamActivity.Phase.PLAN
    )

    def __init__(self, *args, framework: Framework, team_plan: TeamPlan | None, **kwargs):
        kwargs.setdefault("prefix", "activity")
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(framework=framework).order_by("position")
        goals = (
            TeamGoal.objects.filter(team_plan=team_plan)
            .select_related("aspect")
            .order_by("aspect__number", "pk")
            if team_plan is not None
            else TeamGoal.objects.none()
        )
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda goal: (
            f"{goal.aspect.short_name}: {Truncator(goal.text).chars(80)}"
        )

    def clean(self):
        data = super().clean()
        if not data.get("activity") and not data.get("title", "").strip():
            self.add_error("title", _("Choose an activity from the framework, or give the activity a title."))
        return data


class TeamActivityPhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=TeamActivity.Phase.choices)
