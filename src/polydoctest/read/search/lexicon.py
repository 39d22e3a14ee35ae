"""Whole words as an exact channel lookup: index a word list by each word's *damaged* form.

Sending every known word through the channel gives the damaged form it would have on the page;
a damaged token on the page then looks up the very words it can have come from, with no
search. Under TIS-620 an Arabic word loses most of its letters to holes, yet usually only a
few real words share its damaged form. Word lists carry no combining marks (wordfreq drops
Arabic short vowels), so a token is also looked up with up to two of its holes taken to be
marks, and with its intact marks set aside: "مطورًا" is found as the word "مطورا" plus a
tanween in one of its holes. Words come from wordfreq (for languages written with spaces
between words), from the corpus pages and from the installed translation catalogs (whose
tokens are words as written).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, product

import numpy as np
import wordfreq

from polydoctest.read.damage.channel import codec_name, damage, lost_bytes
from polydoctest.read.damage.holes import Hole
from polydoctest.read.models import catalogs, sources
from polydoctest.read.models.marks import strip_marks
from polydoctest.read.search.layout import Option

# How many words to offer for one damaged form (the most frequent first), how many holes of a
# token may be taken for marks, how many marks to try in each, and how many options a token
# may offer at most (those with fewer marks first).
MAX_WORDS_PER_FORM = 12
MAX_MARK_HOLES = 2
MARKS_PER_HOLE = 2
MAX_OPTIONS = 24
# A corpus occurrence counts like a word-list frequency of this much.
_CORPUS_OCCURRENCE = 1e-5
# A known word earns WORD_BONUS nats, plus FREQUENCY_WEIGHT per nat of log frequency above
# the rarest word-list entries (1e-8): the character model alone spreads a word's frequency
# thin over its letters.
WORD_BONUS = 3.0
FREQUENCY_WEIGHT = 0.5
_RAREST = math.log(1e-8)
_TOKEN = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]+")


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Known words (without combining marks) with their log frequency."""

    log_frequency: dict[str, float]
    _indexes: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)

    def by_damaged_form(self, codepage: str) -> dict[str, tuple[str, ...]]:
        """Damaged form -> the words with that form, most frequent first."""
        if codepage not in self._indexes:
            words = sorted(self.log_frequency, key=lambda word: -self.log_frequency[word])
            damaged = damage("\n".join(words), codepage).split("\n")
            index: dict[str, list[str]] = {}
            for word, form in zip(words, damaged):
                found = index.setdefault(form, [])
                if len(found) < MAX_WORDS_PER_FORM:
                    found.append(word)
            self._indexes[codepage] = {form: tuple(found) for form, found in index.items()}
        return self._indexes[codepage]

    def bonus(self, token: str) -> float:
        """The prior log score of `token` being a word (0 for a word we don't know)."""
        log_frequency = self.log_frequency.get(strip_marks(token))
        if log_frequency is None:
            return 0.0
        return WORD_BONUS + FREQUENCY_WEIGHT * max(0.0, log_frequency - _RAREST)


@lru_cache(maxsize=8)
def _word_list(language: str | None) -> dict[str, float]:
    """The word list's frequency of each word (without marks) in a language written with spaces."""
    frequency: Counter[str] = Counter()
    if language and language not in sources.UNSPACED and language in wordfreq.available_languages("best"):
        ranked = wordfreq.get_frequency_dict(language, "best")
        for word, value in sorted(ranked.items(), key=lambda item: -item[1])[: sources.WORD_LIMIT]:
            if not word.isascii() and not any(char.isdigit() for char in word):
                frequency[strip_marks(word)] += value
    return dict(frequency)


@lru_cache(maxsize=8)
def load_lexicon(language: str | None, corpus: tuple[str, ...]) -> Lexicon:
    frequency: Counter[str] = Counter(_word_list(language))
    for text in corpus + catalogs.translations(language):
        for token in _TOKEN.findall(text):
            frequency[strip_marks(token)] += _CORPUS_OCCURRENCE
    frequency.pop("", None)
    return Lexicon({word: math.log(value) for word, value in frequency.items()})


def _is_mark(text: str) -> bool:
    return len(text) == 1 and unicodedata.category(text) == "Mn"


def _align(word: bytes, skeleton: list[tuple[int, int]], lost: frozenset[int]) -> list[int] | None:
    """For each byte of `word`, the page position it belongs to, given the surviving
    (byte, position) pairs of the token: a surviving byte sits at its position, an inserted
    continuation byte belongs with the byte before it, an inserted lead byte with the next."""
    owner: list[int] = []
    at = 0
    for value in word:
        if at < len(skeleton) and value == skeleton[at][0]:
            owner.append(skeleton[at][1])
            at += 1
        elif value in lost:
            if 0x80 <= value < 0xC0:
                owner.append(skeleton[at - 1][1] if at else -1)
            else:
                owner.append(skeleton[at][1] if at < len(skeleton) else -1)
        else:
            return None
    return owner if at == len(skeleton) else None


@dataclass(frozen=True)
class WordSpan:
    """A damaged token covering holes `first..last`, and the words it can be."""

    first: int
    last: int
    options: tuple[Option, ...]


def _span_text(data: bytes, holes: list[Hole], fills: tuple[str, ...]) -> str:
    parts = [fills[0]]
    for before, hole, fill in zip(holes, holes[1:], fills[1:]):
        parts += [data[before.end : hole.start].decode("utf-8"), fill]
    return "".join(parts)


def _intact_mark_positions(data: bytes, start: int, end: int, holes: list[Hole]) -> set[int]:
    """Byte positions of the combining marks that survived intact in `data[start:end]`."""
    positions: set[int] = set()
    cursor = start
    for hole in holes + [Hole(end, end, b"", ())]:
        offset = cursor
        for char in data[cursor : hole.start].decode("utf-8"):
            size = len(char.encode("utf-8"))
            if unicodedata.category(char) == "Mn":
                positions.update(range(offset, offset + size))
            offset += size
        cursor = hole.end
    return positions


def _token_options(data, start, end, holes, index, codec, lost, likely_marks, lexicon) -> list[Option]:
    """The words the token `data[start:end]` can be, as options over its `holes`: looked up as
    it is and with up to MAX_MARK_HOLES holes taken for marks; the most frequent words first,
    a word needing marks counting as if each mark halved its frequency."""
    skip_intact = _intact_mark_positions(data, start, end, holes)
    mark_holes = [i for i, hole in enumerate(holes) if likely_marks(hole.candidates)]
    found: list[tuple[float, tuple[int, ...], str, list[int], list[tuple[int, int]]]] = []
    for size in range(min(MAX_MARK_HOLES, len(mark_holes)) + 1):
        for as_marks in combinations(mark_holes, size):
            skipped = set(skip_intact)
            for i in as_marks:
                skipped.update(range(holes[i].start, holes[i].end))
            skeleton = [(data[p], p) for p in range(start, end) if p not in skipped]
            form = bytes(value for value, _ in skeleton).decode(codec)
            for word in index.get(form, ()):
                owner = _align(word.encode("utf-8"), skeleton, lost)
                if owner is not None:
                    found.append((lexicon.log_frequency[word] - size * math.log(2), as_marks, word, owner, skeleton))
    found.sort(key=lambda item: -item[0])
    options: dict[tuple[str, ...], Option] = {}
    for _, as_marks, word, owner, _ in found:
        original = word.encode("utf-8")
        fills = []
        for i, hole in enumerate(holes):
            piece = bytes(v for v, at in zip(original, owner) if hole.start <= at < hole.end)
            fills.append("" if i in as_marks else piece.decode("utf-8", errors="replace"))
        if any(not fill or "\ufffd" in fill for i, fill in enumerate(fills) if i not in as_marks):
            continue
        for chosen in product(*(likely_marks(holes[i].candidates) for i in as_marks)):
            for i, mark in zip(as_marks, chosen):
                fills[i] = mark
            key = tuple(fills)
            if key not in options:
                options[key] = Option(_span_text(data, holes, key), lexicon.bonus(word), key)
        if len(options) >= MAX_OPTIONS:
            break
    return list(options.values())[:MAX_OPTIONS]


def word_spans(data: bytes, holes: list[Hole], lexicon: Lexicon, codepage: str, mark_score) -> list[WordSpan]:
    """Tokens of the encoded-back page whose damaged form the lexicon knows, with the words
    they can be as options (the gaps between their holes included in each option's text).
    `mark_score` ranks the marks a hole may be."""
    index = lexicon.by_damaged_form(codepage)
    if not index or not holes:
        return []
    lost = lost_bytes(codepage)
    codec = codec_name(codepage)
    starts = [hole.start for hole in holes]

    @lru_cache(maxsize=None)
    def likely_marks(candidates: tuple[str, ...]) -> tuple[str, ...]:
        marks = [c for c in candidates if _is_mark(c)]
        if not marks:
            return ()
        scores = mark_score(np.array([ord(mark) for mark in marks]))
        return tuple(marks[i] for i in np.argsort(-scores, kind="stable")[:MARKS_PER_HOLE])

    # A token's holes are where its own bytes are ill-formed, so its options depend on its
    # bytes alone; pages repeat their words (under TIS-620 an Arabic page repeats most of them).
    known: dict[bytes, tuple[Option, ...]] = {}
    spans = []
    for match in _NON_ASCII_RUN.finditer(data):
        first, last = bisect_left(starts, match.start()), bisect_left(starts, match.end())
        if last == first:
            continue
        token = match.group()
        if token not in known:
            found = _token_options(
                data, match.start(), match.end(), list(holes[first:last]), index, codec, lost, likely_marks, lexicon
            )
            known[token] = tuple(found)
        if known[token]:
            spans.append(WordSpan(first, last - 1, known[token]))
    return spans
