"""axe-core in the browser: every page a journey visits must have no serious or critical finding."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# WCAG 2.0 and 2.1, levels A and AA: what the AgID guidelines (and EN 301 549) require.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_SETTLE_ANIMATIONS = """Promise.all(document.getAnimations()
    .filter(animation => animation.effect?.getComputedTiming().endTime !== Infinity)
    .map(animation => animation.finished.catch(() => null)))"""

_axe = Axe()  # axe.min.js ships inside the package: nothing is fetched from outside


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe on the page as it is now; return its WCAG A/AA violations."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {target}\n      {node.get('html', '')[:200]}\n      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail, naming rule, help and nodes, when axe finds a serious or critical issue."""
    page.wait_for_load_state("load")
    # A focus or hover transition caught halfway gives axe colours nobody sees once it ends.
    page.evaluate(_SETTLE_ANIMATIONS)
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe found accessibility violations on {page.url}:\n{describe(blocking)}"
