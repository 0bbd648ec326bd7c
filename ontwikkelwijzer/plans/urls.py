from django.urls import include, path

from ontwikkelwijzer.plans.views import conversation, exports, items, log, member, plan, teamplan, trash

app_name = "plans"

# A teacher's own plans
own_plans = [
    path("", plan.current, name="current"),
    # before "<school_year>/", which would take these for a school year (and answer 404)
    path("prullenbak/", trash.trash_page, name="trash"),
    path("prullenbak/<int:pk>/terugzetten/", trash.restore, name="trash_restore"),
    path("overname/<int:pk>/ongedaan-maken/", plan.carry_over_undo, name="carry_over_undo"),
    path("<str:school_year>/", plan.detail, name="detail"),
    path("<str:school_year>/starten/", plan.start, name="start"),
    path("<str:school_year>/overnemen/", plan.carry_over, name="carry_over"),
    path("<str:school_year>/toevoegen/", items.create, name="item_create"),
    path("<str:school_year>/activiteit-toevoegen/", plan.add_activity, name="add_activity"),
    path("<str:school_year>/gesprek/", conversation.add_own, name="conversation"),
    path("<str:school_year>/ontwikkelplan.pdf", exports.pdf, name="export_pdf"),
    path("<str:school_year>/ontwikkelplan.xlsx", exports.xlsx, name="export_xlsx"),
    path("<str:school_year>/ontwikkelplan.csv", exports.csv, name="export_csv"),
    path("item/<int:pk>/", items.detail, name="item"),
    path("item/<int:pk>/bewerken/", items.edit, name="item_edit"),
    path("item/<int:pk>/verwijderen/", items.delete, name="item_delete"),
    path("item/<int:pk>/logboek/", log.add, name="log_add"),
    path("item/<int:pk>/reflectie/", log.reflect, name="reflect"),
    path("logboek/<int:pk>/verwijderen/", log.delete, name="log_delete"),
    path("logboek/<int:pk>/bewijs/", log.evidence, name="evidence"),
]

# A team's plan, and a teacher's plan as their team leader sees it
team = [
    path("plan/", teamplan.team_plan, name="team_plan"),
    path("plan/opslaan/", teamplan.team_plan_save, name="team_plan_save"),
    path("plan/activiteit-toevoegen/", teamplan.team_plan_add_activity, name="team_plan_add_activity"),
    path("plan/fase-wijzigen/", teamplan.team_plan_set_phase, name="team_plan_set_phase"),
    path(
        "plan/activiteit/<int:activity_pk>/verwijderen/",
        teamplan.team_plan_delete_activity,
        name="team_plan_delete_activity",
    ),
    path("docent/<int:member_pk>/<str:school_year>/", member.member_plan, name="member_plan"),
    path(
        "docent/<int:member_pk>/<str:school_year>/gesprek/",
        member.member_conversation,
        name="member_conversation",
    ),
]

urlpatterns = [
    path("ontwikkelplan/", include(own_plans)),
    path("organisatie/team/<int:pk>/", include(team)),
]
