from django.urls import path

from ontwikkelwijzer.overviews.views import curriculum, home, organisation, team

app_name = "overviews"
urlpatterns = [
    path("organisatie/", home.home, name="home"),
    path("organisatie/team/<int:pk>/", team.team_overview, name="team"),
    path("organisatie/school/<int:pk>/", organisation.overview, name="organisation"),
    path("organisatie/school/<int:pk>/overzicht.xlsx", organisation.export_xlsx, name="organisation_xlsx"),
    path("organisatie/school/<int:pk>/overzicht.csv", organisation.export_csv, name="organisation_csv"),
    path(
        "organisatie/school/<int:pk>/onderzoek.csv",
        organisation.export_research,
        name="organisation_research",
    ),
    path("werkveld/school/<int:pk>/curriculum/", curriculum.curriculum, name="curriculum"),
]
