"""Which framework activity each kind of offer is an instance of: our classification, by the activities'
names in the framework (docs/framework-data.md lists it)."""

ACTIVITY_OF_KIND = {
    "docentstage": "docentstage",
    "werkbezoek": "werkbezoeken",
    "gastles": "co-teaching",
    "co-teaching": "co-teaching",
    "co-assessment": "co-assessment",
    "examinatorenpool": "pool-examinatoren",
    "opdracht": "bedrijvenpoule",
}


def offer_kind_words() -> dict[str, list[str]]:
    """Per framework activity, the kinds of offer that are an instance of it, by their Dutch names (the
    framework's language): so that the catalogue's search for "gastles" finds co-teaching."""
    from django.utils import translation

    from ontwikkelwijzer.workfield.models import Offer

    words: dict[str, list[str]] = {}
    with translation.override("nl"):
        for kind, label in Offer.Kind.choices:
            words.setdefault(ACTIVITY_OF_KIND[kind], []).extend([kind, str(label)])
    return words
