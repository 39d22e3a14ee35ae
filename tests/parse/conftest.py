"""The seed pages for the parse tests, as received and roughly repaired."""

from __future__ import annotations

from pathlib import Path

import pytest

from polydoctest.parse import Page, parse_page

DOCS = Path(__file__).resolve().parents[2] / "docs" / "source"

# The code page that damaged each seed (what the read stage detects; the Arabic guides lost
# 0x85, which cp874 keeps as '…' and TIS-620 leaves undefined). Only used to build a rough
# repair, so that the golden tests show their counts hold on the damaged text as well as on
# repaired text; the read stage does the real repair.
SEED_CODE_PAGES = {
    "ar/quicktour.md": "tis-620",
    "ar/tasks/sequence_classification.md": "cp1254",
    "ar/tasks/token_classification.md": "tis-620",
    "ko/tasks/sequence_classification.md": "cp1254",
    "zh/tasks/sequence_classification.md": "cp1252",
}


def rough_repair(text: str, code_page: str) -> str:
    return text.encode(code_page, errors="ignore").decode("utf-8", errors="replace")


@pytest.fixture(params=["damaged", "roughly repaired"])
def seed_page(request):
    """Parse a seed page (given relative to docs/source) as received or roughly repaired."""

    def parse(relative: str) -> tuple[Page, list[str]]:
        path = DOCS / relative
        text = path.read_text(encoding="utf-8")
        if request.param == "roughly repaired":
            text = rough_repair(text, SEED_CODE_PAGES[relative])
        return parse_page(text, f"docs/source/{relative}"), text.split("\n")

    return parse
