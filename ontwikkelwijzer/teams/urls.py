from django.urls import path

from ontwikkelwijzer.teams.views import admin, hours, members, people, school

app_name = "teams"
urlpatterns = [
    path("privacy/", people.privacy, name="privacy"),
    path("team/<int:pk>/leden/", members.team_members, name="members"),
    path("team/<int:pk>/uitnodigen/", members.invite, name="invite"),
    path("team/<int:pk>/importeren/", members.import_csv, name="import"),
    path("team/<int:pk>/importeren/bevestigen/", members.import_confirm, name="import_confirm"),
    path("school/<int:pk>/instellingen/", school.school_settings, name="school_settings"),
    path("schoolbeheer/", admin.admin_home, name="admin_home"),
    path("school/<int:pk>/beheer/", admin.school, name="school_admin"),
    path("school/<int:pk>/beheer/naam/", admin.school_rename, name="school_rename"),
    path("school/<int:pk>/beheer/teams/", admin.team_create, name="team_create"),
    path("school/<int:pk>/beheer/team/<int:team_pk>/", admin.team_edit, name="team_edit"),
    path("school/<int:pk>/beheer/mensen/", admin.people, name="people"),
    path("school/<int:pk>/beheer/uitnodigen/", admin.invite, name="admin_invite"),
    path("school/<int:pk>/beheer/importeren/", admin.import_csv, name="school_import"),
    path("school/<int:pk>/beheer/importeren/bevestigen/", admin.import_confirm, name="school_import_confirm"),
    path("school/<int:pk>/beheer/mensen/<int:user_pk>/", admin.person, name="person"),
    path("school/<int:pk>/beheer/mensen/<int:user_pk>/vertrokken/", admin.person_leave, name="person_leave"),
    path("school/<int:pk>/beheer/rol/<int:membership_pk>/afnemen/", admin.role_take, name="role_take"),
    path("school/<int:pk>/beheer/rol/<int:membership_pk>/verplaatsen/", admin.move, name="move"),
    path(
        "school/<int:pk>/beheer/uitnodiging/<int:invitation_pk>/opnieuw/",
        admin.invitation_resend,
        name="admin_invitation_resend",
    ),
    path(
        "school/<int:pk>/beheer/uitnodiging/<int:invitation_pk>/intrekken/",
        admin.invitation_revoke,
        name="admin_invitation_revoke",
    ),
    path("school/<int:pk>/beheer/logboek/", admin.audit_log, name="school_audit"),
    path("uitnodiging/<str:token>/", members.accept, name="accept"),
    path("uitnodiging/<str:token>/account/", members.accept_new_account, name="accept_new_account"),
    path("uitnodiging/<str:token>/afslaan/", members.decline, name="decline"),
    path("lidmaatschap/<int:pk>/verlaten/", people.leave, name="leave"),
    path("team/<int:pk>/leden/<int:membership_pk>/verwijderen/", members.member_remove, name="member_remove"),
    path(
        "team/<int:pk>/uitnodiging/<int:invitation_pk>/intrekken/",
        members.invitation_revoke,
        name="invitation_revoke",
    ),
    path("school/<int:pk>/uren/", hours.people, name="hours"),
    path("school/<int:pk>/uren/<int:user_pk>/", hours.person, name="hours_person"),
]
