from django.apps import AppConfig


class WorkfieldConfig(AppConfig):
    name = "ontwikkelwijzer.workfield"
    label = "workfield"

    def ready(self):
        from ontwikkelwijzer.framework import extensions
        from ontwikkelwijzer.teams.invitations import invitation_accepted
        from ontwikkelwijzer.workfield.constants import offer_kind_words
        from ontwikkelwijzer.workfield.services import contact_link_on_accept
        from ontwikkelwijzer.workfield.views.teacher import activity_offers

        invitation_accepted.connect(contact_link_on_accept, dispatch_uid="workfield.contact_link_on_accept")
        extensions.add_to_activity_page(activity_offers)
        extensions.add_search_words(offer_kind_words)
