"""The five seed pages: the right code page, every hole filled, nothing else touched."""

from __future__ import annotations

import re

import pytest

from polydoctest.read import damage, is_confident
from polydoctest.read.damage.detect import detect

from read_support import DOCS, SEED_CODEPAGES

SEEDS = sorted(SEED_CODEPAGES)


def _ascii(text: str) -> str:
    return re.sub(r"[^\x00-\x7f]", "", text)


@pytest.mark.parametrize("relative", SEEDS)
def test_detects_the_code_page(read_seed, relative):
    report = read_seed(relative).report
    assert report.codepage == SEED_CODEPAGES[relative]
    assert report.detection_confidence > 0.9


def test_the_characters_give_the_code_page_away():
    """Why the pins above are right, from characters only one code page produces."""
    ar = (DOCS / "ar/tasks/sequence_classification.md").read_text(encoding="utf-8")
    ko = (DOCS / "ko/tasks/sequence_classification.md").read_text(encoding="utf-8")
    zh = (DOCS / "zh/tasks/sequence_classification.md").read_text(encoding="utf-8")
    quicktour = (DOCS / "ar/quicktour.md").read_text(encoding="utf-8")
    # Emoji start with byte 0xF0: cp1254 makes it 'ğ', cp1252 'ð'.
    assert "ğ" in ar and "ğ" in ko and "ð" not in ar + ko
    # 'Ž'/'ž' exist in cp1252 and not in cp1254; 'ð' is cp1252's 0xF0.
    assert {"Ž", "ž", "ð"} <= set(zh) and "ğ" not in zh
    # Arabic letters lead with 0xD8/0xD9, Thai 'ุ'/'ู' in TIS-620 and cp874 alike...
    assert {"ุ", "ู"} <= set(quicktour)
    # ...but cp874 would have kept 0x85 as '…' and 0x91-0x97 as quotes and dashes.
    assert not set("…‘’“”•–—") & set(quicktour)


@pytest.mark.parametrize("relative", SEEDS)
def test_every_hole_is_filled_consistently(read_seed, relative):
    reading = read_seed(relative)
    report = reading.report
    assert report.holes > 0 and report.filled == report.holes and report.unresolved == 0
    assert "\ufffd" not in reading.text
    # Sent through the channel again, the repair gives back exactly the page as received.
    assert damage(reading.text, report.codepage) == reading.original
    # And it reads as clean text now: no mojibake left for the detector to find.
    assert detect(reading.text).codepage is None


@pytest.mark.parametrize("relative", SEEDS)
def test_ascii_and_lines_are_untouched(read_seed, relative):
    reading = read_seed(relative)
    assert _ascii(reading.text) == _ascii(reading.original)
    assert reading.text.count("\n") == reading.original.count("\n")


@pytest.mark.parametrize("relative", SEEDS)
def test_fills_point_at_their_holes(read_seed, relative):
    reading = read_seed(relative)
    given = reading.original.split("\n")
    repaired = reading.text.split("\n")
    for fill in reading.report.fills:
        assert given[fill.line - 1][fill.column - 1 :].startswith(fill.damaged)
        assert repaired[fill.repaired_line - 1][fill.repaired_column - 1 :].startswith(fill.chosen)
        assert 0.0 <= fill.confidence <= 1.0
        assert fill.low_confidence == (not is_confident(fill.confidence, reading.report.language, reading.report.codepage, fill.beside_holes))
        assert all(alternative != fill.chosen for alternative, _ in fill.alternatives)


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("ar/tasks/sequence_classification.md", "# تصنيف النص(Text classification)"),
        ("ko/tasks/sequence_classification.md", "# 텍스트 분류[[text-classification]]"),
    ],
)
def test_headings_come_back(read_seed, relative, line):
    assert line in read_seed(relative).text.split("\n")


def test_the_library_emoji_comes_back(read_seed):
    """The guides say '🤗 Transformers'; the model learns it from the installed libraries'
    own docstrings, not from the page (the quicktour's emoji all lost a byte)."""
    text = read_seed("ar/quicktour.md").text
    emoji = [char for char in re.findall(r"(\S) ?Transformers", text) if ord(char) > 0x1F000]
    assert emoji and set(emoji) == {"🤗"}
