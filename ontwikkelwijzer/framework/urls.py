from django.urls import path

from ontwikkelwijzer.framework import views

app_name = "framework"
urlpatterns = [
    path("activiteiten/", views.catalogue, name="catalogue"),
    path("activiteiten/<slug:code>/", views.activity_detail, name="activity"),
    path("kader/", views.about, name="about"),
    path("kader/voor-wie/", views.audiences, name="audiences"),
    path("kader/informeel-en-formeel/", views.learning, name="learning"),
    path("kader/verantwoording/", views.justification, name="justification"),
]
