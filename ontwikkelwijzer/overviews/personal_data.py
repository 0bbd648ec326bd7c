"""What the overviews app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): nothing to export, only counters."""

EXPORTED: dict[str, str] = {}
EXEMPT = {
    "overviews.UserStats.user": (
        "Only counters derived from the person's plans, scans and requests (which are exported in full), "
        "to keep the group overviews up to date; nothing typed by or about the person. Deleted with the "
        "account (CASCADE), and the group counters are recomputed without the person."
    ),
}


def export(user) -> dict:
    return {}
