"""Combining marks (Unicode Mn) sit outside the n-gram context.

Word lists drop Arabic short vowels and shadda, and pages use them sparingly, but under
cp1252/cp1254 the damma and kasra lose a byte exactly like the letter ف: the model must weigh a
mark against a letter. So marks are scored apart, by how often marks occur in the in-domain
text and which mark it is, and the n-gram context skips them: "يُعين" is read as the word
"يعين" plus one damma, which a model that never saw a damma can still judge.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Prior share of marks among characters, and how many characters of evidence it is worth.
_PRIOR_SHARE = 0.005
_PRIOR_WEIGHT = 10_000.0
# Pseudo-count spread evenly over the marks of the scripts the text is written in (a block of
# 128 code points with letters in it), so a damma counts even if the corpus only showed a shadda.
_SCRIPT_MARKS_WEIGHT = 20.0
# Log probability share of a mark from a script the text does not use.
_FOREIGN_MARK = 1e-6


@lru_cache(maxsize=1)
def _mark_flags() -> np.ndarray:
    flags = np.zeros(0x110000, dtype=bool)
    # Nonspacing marks live in the BMP, plus the variation selectors supplement (U+E0100..).
    for code in list(range(0x10000)) + list(range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code)) == "Mn":
            flags[code] = True
    return flags


def is_mark(codes: np.ndarray) -> np.ndarray:
    return _mark_flags()[codes]


@lru_cache(maxsize=1)
def _mark_deletions() -> dict[int, None]:
    return dict.fromkeys(np.flatnonzero(_mark_flags()).tolist())


@lru_cache(maxsize=1)
def _mark_pattern() -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(code)) for code in np.flatnonzero(_mark_flags()).tolist()) + "]")


def strip_marks(text: str) -> str:
    return text.translate(_mark_deletions())


@dataclass(frozen=True)
class MarkModel:
    """Log probability of each mark of the text's scripts (sorted `codes`), and of any other."""

    codes: np.ndarray
    log_probs: np.ndarray
    log_unseen: float

    def score(self, codes: np.ndarray) -> np.ndarray:
        if not len(self.codes):
            return np.full(len(codes), self.log_unseen, dtype=np.float32)
        at = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        return np.where(self.codes[at] == codes, self.log_probs[at], self.log_unseen).astype(np.float32)


def _count(texts: list[str]) -> tuple[Counter[int], int]:
    counts: Counter[int] = Counter()
    for text in texts:
        counts.update(ord(char) for char in _mark_pattern().findall(text))
    return counts, sum(len(text) for text in texts)


def _script_marks(texts: list[str]) -> set[int]:
    """Marks of the blocks (128 code points) holding at least 1 % of the non-ASCII letters."""
    letters = Counter(ord(char) >> 7 for text in texts for char in text if char.isalpha() and not char.isascii())
    total = sum(letters.values())
    blocks = [block for block, count in letters.items() if count >= 0.01 * total]
    return {code for block in blocks for code in range(block << 7, (block + 1) << 7) if _mark_flags()[code]}


def estimate_marks(corpus: list[str], language_text: list[str], other_text: list[str]) -> MarkModel:
    """How often a mark occurs, from the in-domain `corpus` smoothed towards a small prior, and
    which mark it is, from all text (English word lists know emoji variation selectors)
    smoothed towards the marks of the scripts of the corpus and the page language."""
    in_domain, total = _count(corpus)
    share = (sum(in_domain.values()) + _PRIOR_SHARE * _PRIOR_WEIGHT) / (total + _PRIOR_WEIGHT)
    counts = in_domain + _count(language_text)[0] + _count(other_text)[0]
    candidates = sorted(set(counts) | _script_marks(corpus + language_text))
    if not candidates:
        return MarkModel(np.zeros(0, np.int64), np.zeros(0), float(np.log(share * _FOREIGN_MARK)))
    spread = _SCRIPT_MARKS_WEIGHT / len(candidates)
    total_count = sum(counts.values()) + _SCRIPT_MARKS_WEIGHT
    probs = np.array([(counts[code] + spread) / total_count for code in candidates])
    return MarkModel(
        np.array(candidates, dtype=np.int64), np.log(share * probs), float(np.log(share * _FOREIGN_MARK))
    )
