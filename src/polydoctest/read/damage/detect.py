"""Decide whether a page is clean or which code page damaged it.

Byte-level detectors (charset-normalizer, chardet) rightly call a damaged page UTF-8 and say
nothing about the text inside. What tells the code pages apart is the channel itself: the
damaged text must consist only of characters the code page can produce, and encoded back it
must be well-formed UTF-8 with gaps that bytes the code page loses can fill. And it must be
*one* script: the characters that survived and what the holes can be come from the same
script (Hangul, Arabic, Han...), while clean text a code page covers (Thai under TIS-620,
accented Latin, Arabic under cp1256) encodes to bytes that decode, where they decode at all,
to a scatter of scripts. Clean text in a script no code page covers (Korean, Chinese, emoji)
cannot be encoded at all.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from polydoctest.read.damage.channel import CODEPAGES, encode_back, lost_bytes
from polydoctest.read.damage.holes import Hole, find_holes

# Share of survivors and holes that one script must account for (damaged text: all of them;
# clean Thai read as TIS-620 damage: at most two thirds in our samples).
MIN_SCRIPT_SHARE = 0.9
# Unless the bytes that survived outweigh the broken ones, this many holes are needed before
# the script says anything.
MIN_HOLES_ALONE = 3
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
    script_share: float  # of survivors and holes, the share the most common script explains

    @property
    def plausible(self) -> bool:
        return (
            (self.score > 0 or len(self.holes) >= MIN_HOLES_ALONE)
            and self.script_share >= MIN_SCRIPT_SHARE
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


def script_of(char: str) -> str | None:
    """The first word of a letter's (or mark's, digit's) Unicode name: HANGUL, CJK, ARABIC...;
    None for punctuation, symbols and spaces, which scripts share."""
    if unicodedata.category(char)[0] not in "LMN":
        return None
    return unicodedata.name(char, "?").split(" ")[0]


@lru_cache(maxsize=65536)
def _scripts(candidates: tuple[str, ...]) -> frozenset[str | None]:
    return frozenset(script_of(candidate[0]) for candidate in candidates)


def _script_share(data: bytes, holes: tuple[Hole, ...]) -> float:
    """The largest share of letter survivors and holes one script explains; punctuation and
    symbols (and holes that can only be such) belong to no script and are left out."""
    # Characters are counted first and named once each: a page repeats its letters.
    survivors: Counter[str | None] = Counter()
    for char, count in Counter(data.decode("utf-8", errors="ignore")).items():
        if not char.isascii():
            survivors[script_of(char)] += count
    survivors.pop(None, None)
    options = [_scripts(hole.candidates) for hole in holes]
    options = [scripts for scripts in options if scripts != {None}]
    total = sum(survivors.values()) + len(options)
    if not total:
        return 1.0
    possible = Counter(script for scripts in options for script in scripts if script)
    wildcards = sum(1 for scripts in options if None in scripts)
    best = max((survivors[s] + possible[s] for s in survivors.keys() | possible.keys()), default=0)
    return min(1.0, (best + wildcards) / total)


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
        script_share=_script_share(data, holes),
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
        return Detection(None, 1.0 - best.script_share * _sureness(best.score), None)
    best = plausible[0]
    equivalents = tuple(c for c in plausible[1:] if c.data == best.data and c.score == best.score)
    rivals = [c.score for c in plausible[1:] if c.data != best.data or c.score != best.score]
    # Evidence against clean is every byte explained; against a rival, the difference in score.
    margin = min([best.score] + [best.score - score for score in rivals])
    return Detection(best.codepage, _sureness(margin), best, equivalents)
