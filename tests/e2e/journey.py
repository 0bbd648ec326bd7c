"""A journey through pages: a screenshot of each page and an axe-core check of it."""

import re
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}
_axe = Axe()


class Journey:
    """Visits pages, saving a screenshot of each and checking it with axe-core."""

    def __init__(self, page, name: str):
        self.page = page
        self.folder = SCREENSHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.step = 0

    def check(self, label: str, page=None, *, axe: bool = True) -> None:
        """Screenshot and axe-check the journey's page, or another one (a second person's browser);
        ``axe=False``: the screenshot only."""
        page = page or self.page
        self.step += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        page.screenshot(path=str(self.folder / f"{self.step:02d}-{slug}.png"), full_page=True)
        if not axe:
            return
        violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
        listed = "\n".join(
            f"- [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×: "
            f"{', '.join(str(n['target']) for n in v['nodes'][:3])})"
            for v in violations
        )
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"accessibility violations on {page.url}:\n{listed}"
