"""Decide whether a page is clean or which code page damaged it.

Byte-level detectors (charset-normalizer, chardet) rightly call a damaged page UTF-8 and say
nothing about the text inside. What tells the code pages apart is the channel itself: the
damaged text must consist only of characters the code page can produce, and encoded back it
must be mostly well-formed UTF-8 whose gaps can all be filled with bytes that code page loses.
Clean text in a script no code page covers (Korean, Chinese, emoji) cannot be encoded at all;
clean text a code page covers (accented Latin, Arabic under cp1256) encodes to bytes that are
almost never valid multi-byte UTF-8.
"""

from __future__ import annotations

from dataclasses import dataclass

from polydoctest.read.channel import CODEPAGES, encode_back, lost_bytes
from polydoctest.read.holes import Hole, find_holes

# A damaged page is mostly characters that survived; under TIS-620 Korean or Chinese keeps only
# about a quarter of its characters whole, clean text in a covered script next to none.
MIN_SURVIVOR_SHARE = 0.1
# Real damage can always be filled; allow a few gaps our fill rules don't explain.
MAX_UNFILLABLE_SHARE = 0.01
# Bytes of evidence at which the detection is called about 50 % sure.
_HALF_SURE_BYTES = 4.0


@dataclass(frozen=True)
class Candidate:
    """How well one code page explains the text."""

    codepage: str
    data: bytes
    holes: tuple[Hole, ...]
    survivors: int  # well-formed multi-byte characters
    survivor_bytes: int
    ill_formed_bytes: int
    unfillable: int

    @property
    def plausible(self) -> bool:
        return (
            self.survivors > 0
            and self.survivors >= MIN_SURVIVOR_SHARE * (self.survivors + len(self.holes))
            and self.unfillable <= MAX_UNFILLABLE_SHARE * len(self.holes)
        )

    @property
    def score(self) -> int:
        """Bytes explained minus bytes left broken; an unfillable hole costs like a whole line."""
        return self.survivor_bytes - self.ill_formed_bytes - 80 * self.unfillable


@dataclass(frozen=True)
class Detection:
    """The verdict: `codepage` None means clean. `equivalents` are code pages that produce the
    very same bytes but lose other bytes; only the repair can tell them apart."""

    codepage: str | None
    confidence: float
    candidate: Candidate | None
    equivalents: tuple[Candidate, ...] = ()


def _count_at_least(data: bytes, low: int) -> int:
    return len(data) - len(data.translate(None, bytes(range(low, 256))))


def evaluate(text: str, codepage: str) -> Candidate | None:
    """How `codepage` explains `text`, or None if `text` cannot be its output."""
    data = encode_back(text, codepage)
    if data is None:
        return None
    lost = lost_bytes(codepage)
    holes = tuple(find_holes(data, lost))
    broken = b"".join(hole.damaged for hole in holes)
    non_ascii = _count_at_least(data, 0x80) - len(broken)
    leads = _count_at_least(data, 0xC0) - _count_at_least(broken, 0xC0)
    return Candidate(
        codepage=codepage,
        data=data,
        holes=holes,
        survivors=leads,
        survivor_bytes=non_ascii,
        ill_formed_bytes=len(broken),
        unfillable=sum(1 for hole in holes if not hole.candidates),
    )


def _sureness(evidence: float) -> float:
    return max(0.0, evidence) / (max(0.0, evidence) + _HALF_SURE_BYTES)


def detect(text: str, codepages: tuple[str, ...] = CODEPAGES) -> Detection:
    """Clean, or the code page that best explains `text` (ties broken by `codepages` order)."""
    if text.isascii():
        return Detection(None, 1.0, None)
    candidates = [c for c in (evaluate(text, cp) for cp in codepages) if c is not None]
    plausible = sorted((c for c in candidates if c.plausible), key=lambda c: -c.score)
    if not plausible:
        best = max(candidates, key=lambda c: c.score, default=None)
        if best is None or best.survivors == 0:
            return Detection(None, 1.0, None)
        share = best.survivors / (best.survivors + len(best.holes))
        return Detection(None, 1.0 - share, None)
    best = plausible[0]
    equivalents = tuple(c for c in plausible[1:] if c.data == best.data and c.score == best.score)
    rivals = [c.score for c in plausible[1:] if c.data != best.data or c.score != best.score]
    # Evidence against clean is every byte explained; against a rival, the difference in score.
    margin = min([best.score] + [best.score - score for score in rivals])
    return Detection(best.codepage, _sureness(margin), best, equivalents)
