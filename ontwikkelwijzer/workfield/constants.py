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
