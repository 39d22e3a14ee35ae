"""Noisy-channel decoding of one damaged page: candidates, search, words, beliefs.

1. Each hole's completions are pruned to the few the model likes in their intact
   surroundings (a Korean syllable that lost two bytes under TIS-620 has hundreds).
2. A character-level beam search picks a fill for every hole.
3. Tokens whose damaged form the lexicon knows become one unit each, offering the known words
   and the character-level choice; a second search picks among them with a bonus for words.
4. Every hole's candidates are rescored in the final text for confidence and alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from polydoctest.read.beliefs import Belief, hole_beliefs
from polydoctest.read.holes import Hole
from polydoctest.read.layout import Layout, Option, hole_layout, merge_units
from polydoctest.read.lexicon import Lexicon, word_spans
from polydoctest.read.model import CharModel
from polydoctest.read.search import advance, best_path, left_context, padded_codes

# Candidates per hole that survive pruning, and the lexicon bonus (nats) for a known word.
MAX_CANDIDATES = 24
WORD_BONUS = 3.0
UNRESOLVED = "\ufffd"


@dataclass(frozen=True)
class Decoded:
    """Per hole: its fill (U+FFFD when nothing can fill it) and the belief in its candidates."""

    fills: tuple[str, ...]
    beliefs: tuple[Belief | None, ...]
    text: str
    positions: tuple[int, ...]  # where each fill starts in `text`


def _pruned(model: CharModel, layout: Layout, limit: int) -> list[tuple[str, ...]]:
    """Each hole's `limit` best completions, scored with the intact text on either side."""
    width = model.order - 1
    big = [unit for unit, options in enumerate(layout.options) if len(options) > limit]
    kept = [tuple(option.text for option in options) for options in layout.options]
    if not big:
        return kept
    contexts = [left_context(layout, unit, None, width) for unit in big]
    rows, texts = [], []
    for row, unit in enumerate(big):
        following = layout.gaps[unit + 1][:width]
        for option in layout.options[unit]:
            rows.append(row)
            texts.append(option.text + following)
    codes, lengths = padded_codes(texts)
    scores, _ = advance(model, model.state_after(contexts).take(np.array(rows)), codes, lengths)
    start = 0
    for unit in big:
        options = layout.options[unit]
        best = np.argsort(-scores[start : start + len(options)], kind="stable")[:limit]
        kept[unit] = tuple(options[i].text for i in sorted(best))
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


def _with_words(model: CharModel, layout: Layout, data: bytes, holes: list[Hole], fills: list[str], lexicon: Lexicon, codepage: str) -> Layout:
    """The layout with every token the lexicon recognises as one unit of word options."""
    spans = word_spans(data, holes, lexicon, codepage, WORD_BONUS, model.marks.score)
    if not spans:
        return layout
    text, positions = _assemble(layout, fills)
    merged = {}
    for span in spans:
        current = tuple(fills[span.first : span.last + 1])
        options = list(span.options)
        if current not in {option.fills for option in options}:
            start = positions[span.first]
            end = positions[span.last] + len(fills[span.last])
            bonus = WORD_BONUS if lexicon.knows(_token_of(text, start, end)) else 0.0
            options.append(Option(text[start:end], bonus, current))
        merged[span.first] = (span.last, options)
    return merge_units(layout, merged)


def _assemble(layout: Layout, fills: list[str]) -> tuple[str, list[int]]:
    parts = [layout.gaps[0]]
    positions = []
    size = len(layout.gaps[0])
    for fill, gap in zip(fills, layout.gaps[1:]):
        positions.append(size)
        parts += [fill, gap]
        size += len(fill) + len(gap)
    return "".join(parts), positions


def decode(model: CharModel, lexicon: Lexicon | None, data: bytes, holes: list[Hole], codepage: str) -> Decoded:
    """Fill the holes of the encoded-back page `data`."""
    fillable = [i for i, hole in enumerate(holes) if hole.candidates]
    # A hole nothing can fill is marked with U+FFFD, the one option the search has for it.
    full = hole_layout(data, holes, [hole.candidates or (UNRESOLVED,) for hole in holes])
    candidates = _pruned(model, full, MAX_CANDIDATES)
    layout = hole_layout(data, holes, candidates)
    fills = layout.hole_fills(best_path(model, layout))
    if lexicon is not None:
        words = _with_words(model, layout, data, holes, fills, lexicon, codepage)
        if words is not layout:
            fills = words.hole_fills(best_path(model, words))
    text, positions = _assemble(layout, fills)
    if not fillable:
        return Decoded(tuple(fills), tuple(None for _ in holes), text, tuple(positions))
    beliefs = hole_beliefs(
        model, text, [positions[i] for i in fillable], [fills[i] for i in fillable],
        [candidates[i] for i in fillable], lexicon, WORD_BONUS,
    )
    by_hole: list[Belief | None] = [None] * len(holes)
    for i, belief in zip(fillable, beliefs):
        by_hole[i] = belief
    return Decoded(tuple(fills), tuple(by_hole), text, tuple(positions))
