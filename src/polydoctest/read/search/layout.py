"""A damaged page as the search sees it: intact text between *units* with candidate fills.

A unit is usually one hole; a word whose damaged form the lexicon recognises becomes one unit
spanning all its holes, whose candidates are whole words (so the search cannot commit to the
first letters of a word that has no good ending). Each candidate carries a prior log score
(the lexicon's word bonus) and the per-hole fills it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from polydoctest.read.damage.holes import Hole


class Option(NamedTuple):
    """One candidate of a unit: its text (fills and the intact text between them), a prior log
    score, and the fill of each hole it covers. (A named tuple: a page has thousands, made,
    hashed and compared in bulk.)"""

    text: str
    prior: float
    fills: tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """`gaps[i]` is the intact text before unit i (`gaps[-1]` after the last one);
    `units[i]` the indices of the holes unit i covers; `options[i]` its candidates."""

    gaps: tuple[str, ...]
    units: tuple[tuple[int, ...], ...]
    options: tuple[tuple[Option, ...], ...]

    def text(self, choice: list[int]) -> str:
        parts = [self.gaps[0]]
        for unit, (pick, gap) in enumerate(zip(choice, self.gaps[1:])):
            parts += [self.options[unit][pick].text, gap]
        return "".join(parts)

    def hole_fills(self, choice: list[int]) -> list[str]:
        fills = [""] * sum(len(unit) for unit in self.units)
        for unit, pick in enumerate(choice):
            for hole, fill in zip(self.units[unit], self.options[unit][pick].fills):
                fills[hole] = fill
        return fills


def gaps_between(data: bytes, holes: list[Hole]) -> tuple[str, ...]:
    """The intact text before each hole and after the last."""
    gaps = []
    position = 0
    for hole in holes:
        gaps.append(data[position : hole.start].decode("utf-8"))
        position = hole.end
    gaps.append(data[position:].decode("utf-8"))
    return tuple(gaps)


def hole_layout(gaps: tuple[str, ...], candidates: list[tuple[str, ...]]) -> Layout:
    """One unit per hole, offering `candidates[i]` for hole i (holes with the same candidates
    share their options)."""
    made: dict[tuple[str, ...], tuple[Option, ...]] = {}
    for options in candidates:
        if options not in made:
            made[options] = tuple(Option(text, 0.0, (text,)) for text in options)
    return Layout(gaps, tuple((index,) for index in range(len(candidates))), tuple(made[options] for options in candidates))


def merge_units(layout: Layout, spans: dict[int, tuple[int, list[Option]]]) -> Layout:
    """Replace the units `first..last` by one unit with `options` for each `first: (last, options)`."""
    gaps = [layout.gaps[0]]
    units: list[tuple[int, ...]] = []
    options: list[tuple[Option, ...]] = []
    unit = 0
    while unit < len(layout.units):
        if unit in spans:
            last, merged = spans[unit]
            units.append(tuple(hole for u in range(unit, last + 1) for hole in layout.units[u]))
            options.append(tuple(merged))
            unit = last + 1
        else:
            units.append(layout.units[unit])
            options.append(layout.options[unit])
            unit += 1
        gaps.append(layout.gaps[unit])
    return Layout(tuple(gaps), tuple(units), tuple(options))
