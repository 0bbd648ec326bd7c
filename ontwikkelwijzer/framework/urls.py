from django.urls import path

from ontwikkelwijzer.framework.views import own_activities, pages

app_name = "framework"
urlpatterns = [
    path("activiteiten/", pages.catalogue, name="catalogue"),
    path("activiteiten/<slug:code>/", pages.activity_detail, name="activity"),
    path("kader/", pages.about, name="about"),
    path("kader/voor-wie/", pages.audiences, name="audiences"),
    path("kader/informeel-en-formeel/", pages.learning, name="learning"),
    path("kader/verantwoording/", pages.justification, name="justification"),
    # A school's own activities, for its curriculum developers and administrators
    path("organisatie/school/<int:pk>/activiteiten/", own_activities.activity_list, name="own_activities"),
    path(
        "organisatie/school/<int:pk>/activiteiten/<slug:code>/",
        own_activities.activity_edit,
        name="own_activity_edit",
    ),
]
