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

from polydoctest.read.damage.channel import CODEPAGES, codec_name
from polydoctest.read.models.hashing import codes_of

# Prior share of marks among characters, and how many characters of evidence it is worth.
_PRIOR_SHARE = 0.005
_PRIOR_WEIGHT = 10_000.0
# Pseudo-count spread over the marks of the scripts the text is written in (a block of 128 code
# points with letters in it), so a damma counts even if the corpus only showed a shadda. The
# marks a legacy code page of the script encodes (cp1256's harakat, TIS-620's Thai vowels) are
# the ones in everyday use; the rest of a block (Quranic annotation signs, say) get a small
# share of the spread. The channel destroys exactly the marks a page would teach otherwise.
_SCRIPT_MARKS_WEIGHT = 20.0
_RARE_MARK_SHARE = 0.01
# Log probability share of a mark from a script the text does not use.
_FOREIGN_MARK = 1e-6
# Where a mark may sit. A mark sits on the character before it: a letter, digit or symbol
# (VS16 on an emoji), never a space or punctuation. Tanween (nunation) also closes its word: it
# is followed by the end of the word, or by the alef or alef maksura that carries or follows
# fathatan ("مسبقًا", "هدًى"). A misplaced mark is a spelling that does not occur; the word
# lists cannot say so (they carry no marks), so it is ruled out here.
_WORD_FINAL_MARK = re.compile(r"ARABIC (OPEN )?(FATHA|DAMMA|KASRA)TAN")
_AFTER_WORD_FINAL = "\u0627\u0649"
LOG_MISPLACED_MARK = float(np.log(1e-4))
# What the last character read allows a mark (the placement of a model state).
NO_BASE, ON_BASE, WORD_FINAL = 0, 1, 2


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
def _flags() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point: a word-final mark; a character a mark can sit on; a letter that would
    put a word-final mark before it inside the word."""
    word_final = np.zeros(0x110000, dtype=bool)
    base = np.zeros(0x110000, dtype=bool)
    inside = np.zeros(0x110000, dtype=bool)
    for code in range(0x10000):
        category = unicodedata.category(chr(code))
        base[code] = category[0] in "LNSM"
        inside[code] = category[0] == "L" and chr(code) not in _AFTER_WORD_FINAL
        if category == "Mn":
            word_final[code] = bool(_WORD_FINAL_MARK.fullmatch(unicodedata.name(chr(code), "")))
    base[0x10000:] = True  # emoji and other symbols beyond the BMP
    return word_final, base, inside


def placed(codes: np.ndarray, placement: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For characters `codes` read in states with `placement`: the log penalty of a misplaced
    mark (a mark with nothing to sit on, or a letter after a word-final mark) and the
    placement after them."""
    word_final, base, inside = _flags()
    marks = is_mark(codes)
    misplaced = np.where(marks, placement == NO_BASE, (placement == WORD_FINAL) & inside[codes])
    after_mark = np.where(word_final[codes] | (placement == WORD_FINAL), WORD_FINAL, np.minimum(placement, ON_BASE))
    after = np.where(marks, after_mark, np.where(base[codes], ON_BASE, NO_BASE)).astype(np.int8)
    return np.where(misplaced, LOG_MISPLACED_MARK, 0.0).astype(np.float32), after


@lru_cache(maxsize=1)
def _mark_deletions() -> dict[int, None]:
    return dict.fromkeys(np.flatnonzero(_mark_flags()).tolist())


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


@lru_cache(maxsize=1)
def _bmp_letters() -> np.ndarray:
    return np.array([chr(code).isalpha() for code in range(0x10000)])


def _counted(values: np.ndarray) -> dict[int, int]:
    found, counts = np.unique(values, return_counts=True)
    return dict(zip(found.tolist(), counts.tolist()))


def _script_marks(letters: Counter[int]) -> set[int]:
    """Marks of the blocks (128 code points) holding at least 1 % of the non-ASCII `letters`
    (counted per block)."""
    total = sum(letters.values())
    blocks = [block for block, count in letters.items() if count >= 0.01 * total]
    return {code for block in blocks for code in range(block << 7, (block + 1) << 7) if _mark_flags()[code]}


@lru_cache(maxsize=1)
def _legacy_marks() -> frozenset[int]:
    """The marks some single-byte code page of `channel.CODEPAGES` can encode."""
    found = set()
    for codepage in CODEPAGES:
        for value in range(0x80, 0x100):
            char = bytes([value]).decode(codec_name(codepage), errors="ignore")
            if char and _mark_flags()[ord(char)]:
                found.add(ord(char))
    return frozenset(found)


@dataclass(frozen=True)
class MarkCounts:
    """What texts teach the mark model: how often each mark occurs in them, their length, and
    their non-ASCII letters per block of 128 code points. Counts add up, so the word lists' are
    counted once (with the base model) and a corpus's are added when it is read."""

    marks: dict[int, int]
    length: int
    blocks: dict[int, int]

    @classmethod
    def of(cls, texts: list[str]) -> MarkCounts:
        codes = codes_of("".join(texts))
        marks = codes[is_mark(codes)]
        beyond = codes >= 0x10000  # rare: looked at one by one
        letters = codes[(codes >= 0x80) & ~beyond]
        letters = np.concatenate([letters[_bmp_letters()[letters]], [c for c in codes[beyond].tolist() if chr(c).isalpha()]])
        return cls(_counted(marks), len(codes), _counted(letters.astype(np.int64) >> 7))

    def to_json(self) -> dict:
        return {"marks": list(self.marks.items()), "length": self.length, "blocks": list(self.blocks.items())}

    @classmethod
    def from_json(cls, value: dict) -> MarkCounts:
        return cls({int(k): int(v) for k, v in value["marks"]}, int(value["length"]), {int(k): int(v) for k, v in value["blocks"]})


def estimate_marks(corpus: MarkCounts, language_text: MarkCounts, other_text: MarkCounts) -> MarkModel:
    """How often a mark occurs, from the in-domain `corpus` smoothed towards a small prior, and
    which mark it is, from all text (English word lists know emoji variation selectors)
    smoothed towards the marks of the scripts of the corpus and the page language."""
    share = (sum(corpus.marks.values()) + _PRIOR_SHARE * _PRIOR_WEIGHT) / (corpus.length + _PRIOR_WEIGHT)
    counts = Counter(corpus.marks) + Counter(language_text.marks) + Counter(other_text.marks)
    candidates = sorted(set(counts) | _script_marks(Counter(corpus.blocks) + Counter(language_text.blocks)))
    if not candidates:
        return MarkModel(np.zeros(0, np.int64), np.zeros(0), float(np.log(share * _FOREIGN_MARK)))
    common = _legacy_marks()
    shares = np.array([1.0 if code in common else _RARE_MARK_SHARE for code in candidates])
    spread = _SCRIPT_MARKS_WEIGHT * shares / shares.sum()
    total_count = sum(counts.values()) + _SCRIPT_MARKS_WEIGHT
    probs = (np.array([counts[code] for code in candidates]) + spread) / total_count
    return MarkModel(
        np.array(candidates, dtype=np.int64), np.log(share * probs), float(np.log(share * _FOREIGN_MARK))
    )
