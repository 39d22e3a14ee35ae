"""The HTML report of the whole docs tree: self-contained, and it renders in a real browser.

The browser test opens a report of several guides and languages (the bundled guides, and two
drafts of them in Korean and Arabic, each with its learning rate changed) in Debian's headless
Chromium, keeps the screenshots (and the page) under `out/artifacts/`, and reads the DOM
Chromium built: the matrices are there, and each finding shows the draft's code beside the
reference's with the differing lines marked. It is skipped, saying why, only when `chromium`
is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from polydoctest.load import load_page
from polydoctest.pipeline import RunReport, run_loaded
from polydoctest.report.html import run_html
from polydoctest.report.records import run_record

pytestmark = pytest.mark.xdist_group("seeds")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "out" / "artifacts"
# bundled page -> (its draft's path under a docs tree, the change)
DRAFTS = {
    "docs/source/ko/tasks/sequence_classification.md": (
        "source/ko/tasks/draft_sequence_classification.md", ("learning_rate=2e-5", "learning_rate=5e-5")
    ),
    "docs/source/ar/tasks/token_classification.md": (
        "source/ar/tasks/draft_token_classification.md", ("learning_rate=2e-5", "learning_rate=3e-5")
    ),
}
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
    """The start tags of a document, and the text of each line marked as differing."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marked: list[str] = []
        self._in_marked = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "span" and dict(attrs).get("class") == "differs":
            self._in_marked = True
            self.marked.append("")

    def handle_endtag(self, tag):
        self._in_marked = self._in_marked and tag != "span"

    def handle_data(self, data):
        if self._in_marked:
            self.marked[-1] += data

    def classes(self, tag: str) -> list[str]:
        return [attrs.get("class", "") for name, attrs in self.tags if name == tag]


def expected_cells(report: RunReport) -> int:
    return sum(len(m.guide.steps) * len(m.columns) for m in report.matrices())


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


@pytest.fixture(scope="module")
def drafts_report(seed_report: RunReport, runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    """The bundled guides with the drafts beside them, held against the same references."""
    folder = tmp_path_factory.mktemp("docs")
    pages = []
    for bundled, (draft, (old, new)) in DRAFTS.items():
        text = load_page(ROOT / bundled).reading.text
        assert text.count(old) == 1, (bundled, old)
        path = folder / draft
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(old, new), encoding="utf-8")
        pages.append(load_page(path))
    drafts = run_loaded(pages, runner=runner, reference=True, known_references=seed_report.references)
    # The drafts first: their findings come right after the matrices, in the screenshot.
    return replace(seed_report, pages=drafts.pages + seed_report.pages)


def test_the_report_of_several_guides_and_languages_renders_in_headless_chromium(drafts_report: RunReport, chromium):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = ARTIFACTS / "reference-report.html"
    screenshot = ARTIFACTS / "reference-report.png"
    report.write_text(run_html(run_record(drafts_report)), encoding="utf-8")
    screenshot.unlink(missing_ok=True)

    # Tall enough for the matrices and the drafts' findings below them.
    shot = chromium(f"--screenshot={screenshot}", "--window-size=1400,4000", report.as_uri())
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.stat().st_size > 20_000
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    dom = chromium("--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    tags = Tags(dom.stdout)
    assert tags.classes("table").count("matrix") == 3
    assert len([c for c in tags.classes("td") if c.startswith("cell ")]) == expected_cells(drafts_report)
    text_classification = next(m for m in drafts_report.matrices() if m.guide.id == "text-classification")
    assert [c.label for c in text_classification.columns] == ["ko: draft_sequence_classification", "ar", "ko: sequence_classification", "zh"]
    assert "Reference: Text classification" in dom.stdout and "Reference: Token classification" in dom.stdout
    # Each draft's finding shows its code beside the reference's with the changed argument's
    # line marked on both sides, and so does the matrix cell of the step; nothing else differs.
    marked = Counter(line.strip() for line in tags.marked)
    assert marked == {"learning_rate=5e-5,": 2, "learning_rate=3e-5,": 2, "learning_rate=2e-5,": 4}

