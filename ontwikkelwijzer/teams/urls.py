from django.urls import path

from ontwikkelwijzer.teams.views import members, organisation, overview, own_activities, people, teamplan

app_name = "teams"
urlpatterns = [
    path("", people.home, name="home"),
    path("privacy/", people.privacy, name="privacy"),
    path("team/<int:pk>/", overview.team_overview, name="team"),
    path("team/<int:pk>/plan/", teamplan.team_plan, name="team_plan"),
    path("team/<int:pk>/leden/", members.team_members, name="members"),
    path("team/<int:pk>/uitnodigen/", members.invite, name="invite"),
    path("team/<int:pk>/importeren/", members.import_csv, name="import"),
    path("team/<int:pk>/docent/<int:member_pk>/<str:school_year>/", people.member_plan, name="member_plan"),
    path(
        "team/<int:pk>/docent/<int:member_pk>/<str:school_year>/gesprek/",
        people.member_conversation,
        name="member_conversation",
    ),
    path("school/<int:pk>/", organisation.overview, name="organisation"),
    path("school/<int:pk>/overzicht.xlsx", organisation.export_xlsx, name="organisation_xlsx"),
    path("school/<int:pk>/overzicht.csv", organisation.export_csv, name="organisation_csv"),
    path("school/<int:pk>/onderzoek.csv", organisation.export_research, name="organisation_research"),
    path("school/<int:pk>/instellingen/", organisation.school_settings, name="school_settings"),
    path("school/<int:pk>/activiteiten/", own_activities.activity_list, name="own_activities"),
    path("school/<int:pk>/activiteiten/<slug:code>/", own_activities.activity_edit, name="own_activity_edit"),
    path("uitnodiging/<str:token>/", members.accept, name="accept"),
    path("uitnodiging/<str:token>/account/", members.accept_new_account, name="accept_new_account"),
    path("uitnodiging/<str:token>/afslaan/", members.decline, name="decline"),
    path("lidmaatschap/<int:pk>/verlaten/", people.leave, name="leave"),
]
