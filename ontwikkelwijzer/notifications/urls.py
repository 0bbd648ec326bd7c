from django.urls import path

from ontwikkelwijzer.notifications import views

app_name = "notifications"
urlpatterns = [
    path("account/agenda/", views.page, name="agenda"),
    path("account/agenda/aanzetten/", views.turn_on, name="agenda_on"),
    path("account/agenda/nieuwe-link/", views.renew, name="agenda_renew"),
    path("account/agenda/uitzetten/", views.turn_off, name="agenda_off"),
    path("agenda/<slug:token>.ics", views.feed, name="feed"),  # token_urlsafe: letters, digits, - and _
]
