"""What the scan app holds about a person, for the own-data export (gathered by ``ontwikkelwijzer.privacy``,
see ``privacy/parts.py``): every self-scan with its answers. A visitor's scan is kept only in the session and
never stored. Deleting the account deletes the scans by CASCADE."""

from ontwikkelwijzer.scan.models import Scan

EXPORTED = {
    "scan.Scan.user": "scan.scans",
    "scan.ScanAnswer.scan": "scan.scans[].answers",
}
EXEMPT: dict[str, str] = {}


def export(user) -> dict:
    scans = (
        Scan.objects.filter(user=user)
        .select_related("framework")
        .prefetch_related("answers__statement", "done_activities")
        .order_by("created_at", "pk")
    )
    return {
        "scans": [
            {
                "created_at": scan.created_at,
                "framework_version": scan.framework.version,
                "learning_preference": scan.learning_preference,
                "hours_available": scan.hours_available,
                # value None: "not applicable"
                "answers": {answer.statement.code: answer.value for answer in scan.answers.all()},
                "done_activities": sorted(activity.code for activity in scan.done_activities.all()),
            }
            for scan in scans
        ]
    }
