"""Constants the read tests share (a module of its own: conftest.py is not importable by name)."""

from __future__ import annotations

from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "source"

# What the channel was for each seed, found by the detector and checked by hand (see
# test_read_seed_pages.py for the characters that give each one away).
SEED_CODEPAGES = {
    "ar/quicktour.md": "tis-620",
    "ar/tasks/sequence_classification.md": "cp1254",
    "ar/tasks/token_classification.md": "tis-620",
    "ko/tasks/sequence_classification.md": "cp1254",
    "zh/tasks/sequence_classification.md": "cp1252",
}
