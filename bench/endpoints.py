"""The endpoints the benchmark measures, shared by run.py and count_queries.py."""

ENDPOINTS = [
    ("baseline", "/bench/baseline"),
    ("catalogue_overview", "/activiteiten/"),
    ("catalogue_search", "/activiteiten/?q=beoordelen&aspect=competence"),
    ("activity_page", "/activiteiten/docentstage/"),
    ("home", "/"),
    ("api_framework", "/api/v1/framework"),
    ("api_activities", "/api/v1/activities?q=stage"),
]
