"""Steps of the seed pages, taken with a small fence extraction so these tests do not depend
on the parse stage: each ```py fence is one step; in a doctest fence the `>>>`/`...` lines are
the code and every other line is expected output."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parents[2] / "docs" / "source"
SEED_PAGES = (
    "ar/quicktour.md",
    "ar/tasks/sequence_classification.md",
    "ar/tasks/token_classification.md",
    "ko/tasks/sequence_classification.md",
    "zh/tasks/sequence_classification.md",
)
_FENCE = re.compile(r"^\s*```\s*(\w*)")
_PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")


@dataclass(frozen=True)
class PageStep:
    page: str
    line: int
    """Page line of the step's first code line."""
    code: str
    lines: tuple[int, ...]
    """Page line of each code line (output lines between them are not code)."""


def fence_steps(page: str) -> list[PageStep]:
    lines = (PAGES / page).read_text(encoding="utf-8").splitlines()
    steps: list[PageStep] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if _FENCE.match(lines[i]))
        if opening.group(1) in {"py", "python"}:
            body = list(enumerate(lines[index + 1 : end], start=index + 2))
            if any(_PROMPT.match(text) for _, text in body):
                body = [(n, _PROMPT.sub("", text, count=1)) for n, text in body if _PROMPT.match(text)]
            if body:
                code = "\n".join(text for _, text in body) + "\n"
                steps.append(PageStep(page, body[0][0], code, tuple(n for n, _ in body)))
        index = end + 1
    return steps


@pytest.fixture(scope="session")
def pages_dir() -> Path:
    return PAGES


@pytest.fixture(scope="session")
def seed_steps() -> dict[str, list[PageStep]]:
    return {page: fence_steps(page) for page in SEED_PAGES}
