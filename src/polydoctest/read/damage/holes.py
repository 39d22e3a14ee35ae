"""Find where the channel removed bytes, and list every way to put them back.

Encoded back with the right code page, a damaged page is UTF-8 with gaps: each lost byte leaves
an ill-formed stretch. A stretch is cut at every lead byte into *holes*, each the damaged
remains of one character (rarely more). A hole's completions insert only bytes the code page
loses, keep at least one surviving byte in every character (a character made only of lost bytes
leaves no trace to find), and must decode to assigned code points.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# One or more well-formed UTF-8 characters (RFC 3629, no surrogates, nothing above U+10FFFF).
_WELL_FORMED = re.compile(
    rb"(?:[\x00-\x7f]|[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+"
)

_CONTINUATION = range(0x80, 0xC0)


@dataclass(frozen=True)
class Hole:
    """Bytes `start:end` of the encoded-back page (equal to character offsets in the damaged
    text, since every damaged character is one byte) and the characters that can fill it."""

    start: int
    end: int
    damaged: bytes
    candidates: tuple[str, ...]


def _slot_ranges(lead: int) -> tuple[range, ...] | None:
    """Allowed ranges for the continuation bytes after `lead`, or None if it cannot start a character."""
    if 0xC2 <= lead <= 0xDF:
        return (_CONTINUATION,)
    if 0xE0 <= lead <= 0xEF:
        second = {0xE0: range(0xA0, 0xC0), 0xED: range(0x80, 0xA0)}.get(lead, _CONTINUATION)
        return (second, _CONTINUATION)
    if 0xF0 <= lead <= 0xF4:
        second = {0xF0: range(0x90, 0xC0), 0xF4: range(0x80, 0x90)}.get(lead, _CONTINUATION)
        return (second, _CONTINUATION, _CONTINUATION)
    return None


def _fill_slots(seg: bytes, at: int, ranges: tuple[range, ...], lost: frozenset[int], budget: int, need_survivor: bool):
    """Ways to give each slot a byte (the next surviving byte if it fits, or a lost byte while
    the budget of insertions lasts): yields (bytes, next position, insertions left)."""
    if not ranges:
        if not need_survivor:
            yield b"", at, budget
        return
    allowed = ranges[0]
    if at < len(seg) and seg[at] in allowed:
        for rest, end, left in _fill_slots(seg, at + 1, ranges[1:], lost, budget, False):
            yield bytes([seg[at]]) + rest, end, left
    if budget:
        for value in sorted(lost):
            if value in allowed:
                for rest, end, left in _fill_slots(seg, at, ranges[1:], lost, budget - 1, need_survivor):
                    yield bytes([value]) + rest, end, left


def _completions(seg: bytes, at: int, lost: frozenset[int], budget: int):
    if at == len(seg):
        yield b""
        return
    first = seg[at]
    if first in _CONTINUATION:
        # An orphaned continuation byte: its lead byte was lost too (TIS-620 loses 0xDB-0xDE).
        starts = [(lead, at, budget - 1, True) for lead in sorted(lost) if _slot_ranges(lead)]
    else:
        starts = [(first, at + 1, budget, False)]
    for lead, after, left, need_survivor in starts:
        ranges = _slot_ranges(lead)
        if ranges is None or left < 0:
            continue
        for body, end, rest_budget in _fill_slots(seg, after, ranges, lost, left, need_survivor):
            for rest in _completions(seg, end, lost, rest_budget):
                yield bytes([lead]) + body + rest


def _acceptable(text: str, allow_unassigned: bool) -> bool:
    bad = ("Cc", "Cs", "Co") if allow_unassigned else ("Cc", "Cs", "Co", "Cn")
    return all(unicodedata.category(char) not in bad for char in text)


# No character has more than three continuation bytes to lose, and a hole is about one character.
_MAX_INSERTIONS = 4


@lru_cache(maxsize=65536)
def completions(damaged: bytes, lost: frozenset[int]) -> tuple[str, ...]:
    """The texts the damaged bytes of one hole can have come from with the fewest lost bytes,
    sorted by their bytes.

    The fewest-insertions rule keeps the list to the characters a hole really stands for (an
    emoji that kept one byte under TIS-620 has thousands of completions already); characters
    Python's Unicode database does not know yet (newer emoji) are only offered when nothing
    known fits."""
    for budget in range(_MAX_INSERTIONS + 1):
        decoded = [raw.decode("utf-8") for raw in sorted(set(_completions(damaged, 0, lost, budget)))]
        known = tuple(text for text in decoded if _acceptable(text, allow_unassigned=False))
        found = known or tuple(text for text in decoded if _acceptable(text, allow_unassigned=True))
        if found:
            return found
    return ()


def ill_formed_stretches(data: bytes) -> list[tuple[int, int]]:
    """The `(start, end)` byte ranges of `data` that are not well-formed UTF-8."""
    stretches = []
    position = 0
    for match in _WELL_FORMED.finditer(data):
        if match.start() > position:
            stretches.append((position, match.start()))
        position = match.end()
    if position < len(data):
        stretches.append((position, len(data)))
    return stretches


def find_holes(data: bytes, lost: frozenset[int]) -> list[Hole]:
    """The holes of an encoded-back page: its ill-formed stretches cut before every lead byte."""
    holes = []
    for start, end in ill_formed_stretches(data):
        cuts = [start] + [i for i in range(start + 1, end) if data[i] >= 0xC0] + [end]
        for left, right in zip(cuts, cuts[1:]):
            damaged = data[left:right]
            holes.append(Hole(left, right, damaged, completions(damaged, lost)))
    return holes
