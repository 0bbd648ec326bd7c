from django.urls import path

from ontwikkelwijzer.workfield.views import partner, school, teacher

app_name = "workfield"
urlpatterns = [
    # Teachers
    path("", teacher.offers, name="offers"),
    path("aanbod/<int:pk>/", teacher.offer_detail, name="offer"),
    path("mijn-aanvragen/", teacher.my_requests, name="my_requests"),
    path("aanvraag/<int:pk>/annuleren/", teacher.cancel, name="cancel"),
    path("aanvraag/<int:pk>/in-mijn-plan/", teacher.to_plan, name="to_plan"),
    # Partner accounts
    path("partner/", partner.home, name="partner_home"),
    path("partner/aanbod/nieuw/", partner.offer_create, name="offer_create"),
    path("partner/aanbod/<int:pk>/", partner.offer_edit, name="offer_edit"),
    path("partner/aanbod/<int:pk>/intrekken/", partner.offer_withdraw, name="offer_withdraw"),
    path("partner/aanvraag/<int:pk>/", partner.request_answer, name="request_answer"),
    # The school: HR and administrators manage partners
    path("school/<int:pk>/partners/", school.partners, name="partners"),
    path("school/<int:pk>/partners/<int:partner_pk>/", school.partner_detail, name="partner"),
    path("school/<int:pk>/partners/<int:partner_pk>/wijzigen/", school.partner_edit, name="partner_edit"),
    path("school/<int:pk>/partners/<int:partner_pk>/beeindigen/", school.partner_end, name="partner_end"),
    path("school/<int:pk>/contacten/<int:contact_pk>/", school.contact_edit, name="contact_edit"),
    path(
        "school/<int:pk>/contacten/<int:contact_pk>/deactiveren/",
        school.contact_deactivate,
        name="contact_deactivate",
    ),
]
