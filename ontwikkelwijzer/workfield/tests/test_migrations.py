"""The rename of ``Request`` to ``OfferRequest`` (workfield 0003) keeps every row: a database filled before
it has the same requests after it, every column as it was, under the new model and table, with their links
(the offer, the teacher, the plan item) and the one-open-request constraint; and it can be undone."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from ontwikkelwijzer.plans import services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from ontwikkelwijzer.workfield.models import OfferRequest
from tests.support import add, migrate, person

BEFORE = [("workfield", "0002_contact_invitation")]
AFTER = [("workfield", "0003_rename_request_to_offerrequest")]
YEAR = "2025-2026"


def people(framework) -> dict:
    """A school with two teachers, one with a plan item: of apps the migration does not touch, made through
    the current models before migrating back (their writes update the overview counters, which read the
    requests' table by its new name)."""
    school = Organisation.objects.create(name="ROC Midden")
    team = Team.objects.create(organisation=school, name="Zorg")
    teacher, colleague = (person(school, team, Role.TEACHER) for _ in range(2))
    item = add(services.plan_get_or_create(user=teacher, school_year=YEAR), framework, "docentstage")
    return {"school": school, "teacher": teacher, "colleague": colleague, "item": item}


def fill_before_the_rename(old, made: dict) -> dict:
    """A partner with two offers and a request in each status, one of them led to the plan item, written
    through the work field's models as they were."""
    school, teacher, colleague, item = made["school"], made["teacher"], made["colleague"], made["item"]
    partner = old.get_model("workfield", "Partner").objects.create(
        organisation_id=school.pk, name="Zorggroep"
    )
    Offer, Request = old.get_model("workfield", "Offer"), old.get_model("workfield", "Request")
    internship, visit = (
        Offer.objects.create(
            partner=partner,
            kind=kind,
            title=title,
            description="Meelopen",
            activity_code=code,
            start_date=date(2025, 9, 1),
            end_date=date(2026, 6, 30),
            places=2,
        )
        for kind, title, code in (
            ("docentstage", "Stage", "docentstage"),
            ("werkbezoek", "Bezoek", "werkbezoeken"),
        )
    )
    requests = [
        Request.objects.create(
            offer=internship,
            teacher_id=teacher.pk,
            message="Graag",
            status="accepted",
            answer="Welkom",
            answered_at="2025-09-02T10:00:00Z",
            plan_item_id=item.pk,
        ),
        Request.objects.create(offer=visit, teacher_id=teacher.pk, message="Ook graag"),
        Request.objects.create(
            offer=internship, teacher_id=colleague.pk, message="Mag ik?", status="declined"
        ),
        Request.objects.create(offer=visit, teacher_id=colleague.pk, message="Toch niet", status="cancelled"),
    ]
    return {
        "teacher": teacher.pk,
        "item": item.pk,
        "offers": [internship.pk, visit.pk],
        "requests": [r.pk for r in requests],
    }


def rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


@pytest.mark.django_db(transaction=True)
def test_the_requests_of_a_filled_database_are_kept_under_the_new_name_and_back(framework):
    made = people(framework)
    old = migrate(BEFORE)
    try:
        made = fill_before_the_rename(old, made)
        before = rows(old.get_model("workfield", "Request"))
        tables = connection.introspection.table_names()
        assert "workfield_request" in tables and "workfield_offerrequest" not in tables
        assert len(before) == 4

        new = migrate(AFTER)

        tables = connection.introspection.table_names()
        assert "workfield_offerrequest" in tables and "workfield_request" not in tables
        assert rows(new.get_model("workfield", "OfferRequest")) == before  # every column of every row
        assert sorted(OfferRequest.objects.values_list("pk", flat=True)) == made["requests"]
        accepted = OfferRequest.objects.get(pk=made["requests"][0])
        assert accepted.plan_item_id == made["item"] and accepted.offer_id == made["offers"][0]
        assert accepted.teacher.offer_requests.count() == 2
        assert accepted.offer.requests.count() == 2
        with pytest.raises(IntegrityError), transaction.atomic():  # still one open request per teacher
            OfferRequest.objects.create(
                offer_id=made["offers"][1], teacher_id=made["teacher"], message="Nog eens"
            )

        back = migrate(BEFORE)

        assert "workfield_request" in connection.introspection.table_names()
        assert rows(back.get_model("workfield", "Request")) == before
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
