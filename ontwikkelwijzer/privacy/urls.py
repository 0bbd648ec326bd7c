from django.urls import path

from ontwikkelwijzer.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mijn-gegevens.zip", views.export, name="export"),
    path("verwijderen/", views.delete, name="delete"),
]
