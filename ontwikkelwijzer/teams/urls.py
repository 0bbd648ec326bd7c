from django.urls import path

from ontwikkelwijzer.teams.views import members, people, school

app_name = "teams"
urlpatterns = [
    path("privacy/", people.privacy, name="privacy"),
    path("team/<int:pk>/leden/", members.team_members, name="members"),
    path("team/<int:pk>/uitnodigen/", members.invite, name="invite"),
    path("team/<int:pk>/importeren/", members.import_csv, name="import"),
    path("school/<int:pk>/instellingen/", school.school_settings, name="school_settings"),
    path("uitnodiging/<str:token>/", members.accept, name="accept"),
    path("uitnodiging/<str:token>/account/", members.accept_new_account, name="accept_new_account"),
    path("uitnodiging/<str:token>/afslaan/", members.decline, name="decline"),
    path("lidmaatschap/<int:pk>/verlaten/", people.leave, name="leave"),
]
