"""What the language model learns from: word lists, installed libraries, confident parts of pages."""

from __future__ import annotations

from polydoctest.read import corpus
from polydoctest.read.models import sources
from polydoctest.read.report import Fill, Reading, RepairReport


def test_installed_english_is_the_libraries_prose_bounded():
    text = sources.installed_english(limit=20_000)
    lines = text.split("\n")
    assert len(lines) == len(set(lines)) and all(lines)
    assert len(text) <= len(sources.INSTALLED_PACKAGES) * 20_000
    assert any(line.startswith("#") for line in lines)  # comments
    assert any(" the " in line for line in lines)  # and English sentences from docstrings


def test_installed_digest_changes_with_the_installed_packages(monkeypatch):
    before = sources.installed_digest()
    monkeypatch.setattr(sources, "INSTALLED_PACKAGES", sources.INSTALLED_PACKAGES[:-1])
    assert sources.installed_digest() != before


def _reading_with_unsure_fill(text: str, at: int, fill: str) -> Reading:
    unsure = Fill(1, at + 1, 1, at + 1, "?", fill, (("x", 0.4),), 0.5, False, True)
    return Reading(text, text, RepairReport("cp1252", 1.0, 1, 1, 0, (unsure,), None))


def test_an_unsure_fill_costs_the_corpus_its_word_or_in_chinese_its_character():
    korean = "모델을 학습한 뒤 평가합니다"
    assert corpus.without_unsure_words(_reading_with_unsure_fill(korean, 5, "습"), "ko") == ["모델을 ", " 뒤 평가합니다"]
    chinese = "我们使用分词器把文本转换成数字"
    assert corpus.without_unsure_words(_reading_with_unsure_fill(chinese, 5, "词"), "zh") == ["我们使用分", "器把文本转换成数字"]
