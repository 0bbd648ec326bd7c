from django.urls import path

from ontwikkelwijzer.teams.views import members, overview, people

app_name = "teams"
urlpatterns = [
    path("", people.home, name="home"),
    path("privacy/", people.privacy, name="privacy"),
    path("team/<int:pk>/", overview.team_overview, name="team"),
    path("team/<int:pk>/leden/", members.team_members, name="members"),
    path("team/<int:pk>/uitnodigen/", members.invite, name="invite"),
    path("team/<int:pk>/importeren/", members.import_csv, name="import"),
    path("team/<int:pk>/docent/<int:member_pk>/<str:school_year>/", people.member_plan, name="member_plan"),
    path("uitnodiging/<str:token>/", members.accept, name="accept"),
]
