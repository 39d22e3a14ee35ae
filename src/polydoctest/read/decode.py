"""Noisy-channel decoding of one damaged page: candidates, search, words, beliefs.

1. Each hole's completions are pruned to the few the model likes in their intact
   surroundings (a Korean syllable that lost two bytes under TIS-620 has hundreds).
2. A hole alone in its cluster (only intact text within n-1 characters) is decided by the
   scores of its candidates in that window, plus the word bonus when a candidate completes a
   known word; those scores are its beliefs too.
3. Runs of holes go through the beam search; then tokens whose damaged form the lexicon knows
   become one unit each, offering the known words and the fills chosen so far, and the
   clusters holding them are searched again with a bonus for words.
4. The other holes' candidates are rescored in the final text for confidence and alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from polydoctest.read.beliefs import Belief, hole_beliefs
from polydoctest.read.holes import Hole
from polydoctest.read.layout import Layout, Option, gaps_between, hole_layout, merge_units
from polydoctest.read.lexicon import Lexicon, word_spans
from polydoctest.read.model import CharModel
from polydoctest.read.search import advance, best_path_around, clusters, left_context, padded_codes

# Candidates per hole that survive pruning.
MAX_CANDIDATES = 12
UNRESOLVED = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    """Per hole: its fill (U+FFFD when nothing can fill it) and the belief in its candidates."""

    fills: tuple[str, ...]
    beliefs: tuple[Belief | None, ...]
    text: str
    positions: tuple[int, ...]  # where each fill starts in `text`


def _pruned(model: CharModel, gaps: tuple[str, ...], candidates: list[tuple[str, ...]], limit: int) -> list[tuple[str, ...]]:
    """Each hole's `limit` best candidates, scored with the intact text on either side."""
    width = model.order - 1
    big = [hole for hole, options in enumerate(candidates) if len(options) > limit]
    if not big:
        return candidates
    # Only the intact text around a hole is known yet: its neighbours' fills count as empty.
    bare = hole_layout(gaps, [()] * len(candidates))
    contexts = [left_context(bare, hole, None, width) for hole in big]
    rows, texts = [], []
    for row, hole in enumerate(big):
        following = gaps[hole + 1][:width]
        for option in candidates[hole]:
            rows.append(row)
            texts.append(option + following)
    codes, lengths = padded_codes(texts)
    scores, _ = advance(model, model.state_after(contexts).take(np.array(rows)), codes, lengths)
    kept = list(candidates)
    start = 0
    for hole in big:
        options = candidates[hole]
        best = np.argsort(-scores[start : start + len(options)], kind="stable")[:limit]
        kept[hole] = tuple(options[i] for i in sorted(best))
        start += len(options)
    return kept


def _token_of(text: str, start: int, end: int) -> str:
    """The run of non-ASCII characters around `text[start:end]`."""
    left = start
    while left > 0 and not text[left - 1].isascii():
        left -= 1
    right = end
    while right < len(text) and not text[right].isascii():
        right += 1
    return text[left:right]


def _with_words(
    model: CharModel, layout: Layout, data: bytes, holes: list[Hole], fills: list[str], lexicon: Lexicon,
    codepage: str, settled: set[int],
) -> list[str]:
    """The fills after searching again, with every token the lexicon recognises as one unit
    offering its words and the fills chosen so far. Holes in `settled` were decided with the
    word bonus already; a token that is one of them alone is left as it is."""
    spans = [
        span
        for span in word_spans(data, holes, lexicon, codepage, model.marks.score)
        if not (span.first == span.last and span.first in settled)
    ]
    if not spans:
        return fills
    text, positions = _assemble(layout, fills)
    merged = {}
    for span in spans:
        current = tuple(fills[span.first : span.last + 1])
        options = list(span.options)
        if current not in {option.fills for option in options}:
            start = positions[span.first]
            end = positions[span.last] + len(fills[span.last])
            options.append(Option(text[start:end], lexicon.bonus(_token_of(text, start, end)), current))
        merged[span.first] = (span.last, options)
    words = merge_units(layout, merged)
    choice = []
    word_units = set()
    for unit, covered in enumerate(words.units):
        current = tuple(fills[hole] for hole in covered)
        choice.append(next(i for i, option in enumerate(words.options[unit]) if option.fills == current))
        if covered[0] in merged:
            word_units.add(unit)
    return words.hole_fills(best_path_around(model, words, choice, word_units))


def _assemble(layout: Layout, fills: list[str]) -> tuple[str, list[int]]:
    parts = [layout.gaps[0]]
    positions = []
    size = len(layout.gaps[0])
    for fill, gap in zip(fills, layout.gaps[1:]):
        positions.append(size)
        parts += [fill, gap]
        size += len(fill) + len(gap)
    return "".join(parts), positions


def _beliefs(model, layout, fills, which, candidates, lexicon) -> dict[int, Belief]:
    text, positions = _assemble(layout, fills)
    found = hole_beliefs(
        model, text, [positions[i] for i in which], [fills[i] for i in which],
        [candidates[i] for i in which], lexicon,
    )
    return dict(zip(which, found))


def decode(model: CharModel, lexicon: Lexicon | None, data: bytes, holes: list[Hole], codepage: str) -> Decoded:
    """Fill the holes of the encoded-back page `data`."""
    # A hole nothing can fill is marked with U+FFFD, the one option the search has for it.
    gaps = gaps_between(data, holes)
    candidates = _pruned(model, gaps, [hole.candidates or (UNRESOLVED,) for hole in holes], MAX_CANDIDATES)
    layout = hole_layout(gaps, candidates)
    fillable = [i for i, hole in enumerate(holes) if hole.candidates]
    groups = clusters(layout, model.order)
    # A hole alone in its cluster sees only intact text in its window: its candidates' window
    # scores (with the word bonus) decide it and are its beliefs at once.
    alone = [group[0] for group in groups if len(group) == 1 and holes[group[0]].candidates]
    fills = [options[0] for options in candidates]
    beliefs = _beliefs(model, layout, fills, alone, candidates, lexicon)
    for hole in alone:
        fills[hole] = beliefs[hole].shares[0][0]
    # Runs of holes close together: the beam search, then the lexicon's words.
    choice = [candidates[hole].index(fill) for hole, fill in enumerate(fills)]
    runs = {hole for group in groups if len(group) > 1 for hole in group}
    fills = layout.hole_fills(best_path_around(model, layout, choice, runs))
    if lexicon is not None:
        fills = _with_words(model, layout, data, holes, fills, lexicon, codepage, set(alone))
    text, positions = _assemble(layout, fills)
    beliefs.update(_beliefs(model, layout, fills, [i for i in fillable if i not in beliefs], candidates, lexicon))
    return Decoded(tuple(fills), tuple(beliefs.get(i) for i in range(len(holes))), text, tuple(positions))
