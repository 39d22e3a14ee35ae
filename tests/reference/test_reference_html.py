"""The HTML report of the whole docs tree: self-contained, and it renders in a real browser.

The browser test opens the report in Debian's headless Chromium, keeps the screenshot (and
the page) under `out/artifacts/`, and reads the DOM Chromium built to check the matrices are
there. It is skipped, saying why, only when `chromium` is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.reference.matrix import report_matrices
from polydoctest.report.html import run_html
from polydoctest.report.records import run_record

pytestmark = pytest.mark.xdist_group("seeds")

ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "artifacts"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def classes(self, tag: str) -> list[str]:
        return [attrs.get("class", "") for name, attrs in self.tags if name == tag]


def expected_cells(report: RunReport) -> int:
    return sum(len(m.guide.steps) * len(m.columns) for m in report_matrices(report))


def test_the_report_is_self_contained_with_a_matrix_per_guide(seed_report: RunReport):
    page = run_html(run_record(seed_report))
    tags = Tags(page)
    assert not {"script", "link", "img", "iframe"} & {tag for tag, _ in tags.tags}
    assert not any(v and v.startswith(("http:", "https:", "//")) for _, attrs in tags.tags for v in attrs.values())
    assert tags.classes("table").count("matrix") == 3
    cells = [c for c in tags.classes("td") if c.startswith("cell ")]
    assert len(cells) == expected_cells(seed_report) == 19 + 12 * 3 + 14
    assert cells.count("cell v-doc-defect") == 4  # the missing `import torch` of the four task pages
    assert "Reference: Text classification" in page and "&lt;" not in page.split("<body>")[0]


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory):
    binary = shutil.which("chromium")
    if binary is None:
        pytest.skip("Debian's `chromium` is not installed (apt-get install -y chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=180,
        )

    return run


def test_the_report_renders_in_headless_chromium(seed_report: RunReport, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = ARTIFACTS / "reference-report.html"
    screenshot = ARTIFACTS / "reference-report.png"
    report.write_text(run_html(run_record(seed_report)), encoding="utf-8")
    screenshot.unlink(missing_ok=True)

    shot = chromium(f"--screenshot={screenshot}", "--window-size=1400,2000", report.as_uri())
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.stat().st_size > 20_000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    dom = chromium("--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    tags = Tags(dom.stdout)
    assert tags.classes("table").count("matrix") == 3
    assert len([c for c in tags.classes("td") if c.startswith("cell ")]) == expected_cells(seed_report)
    assert "Reference: Text classification" in dom.stdout and "Reference: Quick tour" in dom.stdout
