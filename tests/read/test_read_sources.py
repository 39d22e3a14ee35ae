"""What the language model learns from besides the pages: word lists and installed libraries."""

from __future__ import annotations

from polydoctest.read import sources


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
