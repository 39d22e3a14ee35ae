"""A character n-gram model that scores many hypotheses per numpy call.

A search state is the hashes of the last 0..n-1 characters plus their log backoff weights.
The probability of a character is the stored (interpolated) probability at the longest known
string ending in it, times the backoff weights of the longer contexts that were seen. A batch
of texts, each read after its own state, is read whole: every position of every text at once,
with at most one bulk table lookup per string length, so the numpy calls per batch do not grow
with the length of its texts.

A model is a mixture of layers, each an n-gram table read the same way: a character's
probability is the weighted sum of the layers' probabilities. The base layer (word lists,
installed texts) is built once per language; a docs tree's pages are a layer of their own,
cheap to rebuild when a page changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polydoctest.read.models.hashing import SEED, codes_of, suffix_hashes
from polydoctest.read.models.marks import ON_BASE, MarkModel, is_mark, placed
from polydoctest.read.models.table import log_backoff, log_prob, lookup
from polydoctest.read.models.training import LOG_UNKNOWN_CHAR


# Positions (rows x characters) read in one go at most.
_PART_POSITIONS = 16384
# Positions up to which a batch looks up all its strings at once rather than length by length.
_EAGER_POSITIONS = 1024


@dataclass(frozen=True)
class State:
    """`hashes[:, j]` is the hash of the last j characters, `backoffs[:, l, j]` their log
    backoff in layer l, `depth[:, l]` how many of those layer l knows; `placement` what the
    last character allows a combining mark (see `marks.placed`)."""

    hashes: np.ndarray  # (batch, order) uint64
    backoffs: np.ndarray  # (batch, layers, order) float32
    depth: np.ndarray  # (batch, layers) int64
    placement: np.ndarray  # (batch,) int8

    def take(self, index: np.ndarray) -> State:
        return State(self.hashes[index], self.backoffs[index], self.depth[index], self.placement[index])

    @staticmethod
    def joined(states: list[State]) -> State:
        """The rows of `states`, one after another."""
        return State(*(np.concatenate([getattr(s, name) for s in states]) for name in ("hashes", "backoffs", "depth", "placement")))


@dataclass(frozen=True)
class Layer:
    """One n-gram table: the strings it keeps with their log probabilities and backoffs, and the
    backoff weight of the empty context towards unseen characters."""

    table: np.ndarray
    log_root_backoff: float

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "table.npy", self.table)
        (directory / "root.txt").write_text(f"{self.log_root_backoff!r}\n")

    @classmethod
    def load(cls, directory: Path) -> Layer:
        # A plain array over the mapped file: np.memmap's indexing goes through Python.
        table = np.load(directory / "table.npy", mmap_mode="r").view(np.ndarray)
        return cls(table, float((directory / "root.txt").read_text()))


@dataclass(frozen=True)
class CharModel:
    layers: tuple[Layer, ...]
    log_weights: tuple[float, ...]  # of each layer in the mixture (their exponentials sum to 1)
    order: int
    marks: MarkModel
    key: str

    def empty_state(self, batch: int) -> State:
        hashes = np.full((batch, self.order), SEED, dtype=np.uint64)
        backoffs = np.zeros((batch, len(self.layers), self.order), dtype=np.float32)
        backoffs[:, :, 0] = [layer.log_root_backoff for layer in self.layers]
        # Nothing known before: no mark is ruled out (a line start is read as "\n").
        depth = np.zeros((batch, len(self.layers)), dtype=np.int64)
        return State(hashes, backoffs, depth, np.full(batch, ON_BASE, dtype=np.int8))

    def read(self, state: State, codes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, State]:
        """Log probability of each row's text (`codes[i, :lengths[i]]`) after state i, and the
        states after reading it. A combining mark is scored by the mark model and leaves the
        n-gram context as it was; a misplaced mark is all but ruled out."""
        # A long batch is read in parts: the arrays of a part stay in the cache, and in memory
        # the allocator keeps rather than maps afresh for every array.
        part = max(1, _PART_POSITIONS // max(1, codes.shape[1]))
        if len(codes) > part:
            pieces = [slice(first, first + part) for first in range(0, len(codes), part)]
            parts = [self.read(state.take(rows), codes[rows], lengths[rows]) for rows in pieces]
            return np.concatenate([total for total, _ in parts]), State.joined([after for _, after in parts])
        # Position-major (column, row) grids: each step below runs along all rows at once.
        codes = np.ascontiguousarray(codes[:, : lengths.max(initial=0)].T)
        if not len(codes):
            return np.zeros(len(lengths)), state
        inside = np.arange(len(codes))[:, None] < lengths
        marks = is_mark(codes) & inside
        if marks.any():
            # The n-gram model reads each row's letters alone, moved to the front of the row.
            letters = inside & ~marks
            counts = letters.sum(axis=0)
            order = np.argsort(~letters, axis=0, kind="stable")
            packed = np.arange(len(codes))[:, None] < counts
            letter_scores, grown = self._read_letters(state, np.take_along_axis(codes, order, axis=0), counts)
            scores = np.zeros(codes.shape, dtype=np.float32)
            scores[order[packed], np.nonzero(packed)[1]] = letter_scores[packed]
            scores[marks] = self.marks.score(codes[marks])
        else:
            scores, grown = self._read_letters(state, codes, lengths)
        penalty, placement = _placements(state.placement, codes, lengths, marks)
        scores = np.where(inside, scores + penalty, np.float32(0))
        # Summed in reading order, as reading one character after another adds up.
        total = np.zeros(len(lengths))
        for column in scores:
            total += column
        return total, State(grown.hashes, grown.backoffs, grown.depth, placement)

    def _read_letters(self, state: State, codes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, State]:
        """The mixture's log probability of each letter `codes[c, i]` (c < lengths[i]) and the
        states after each row's last letter."""
        order = self.order
        width, rows = codes.shape
        # hashes[j, p]: the string of j + 1 characters ending at position p (column c, row i),
        # reaching back into the state's last characters where c < j.
        hashes = suffix_hashes(state.hashes, codes, order).reshape(order, width * rows)
        read = np.flatnonzero(lengths > 0)
        last = (lengths[read] - 1) * rows + read
        hashes_after, backoffs_after, depth_after = state.hashes.copy(), state.backoffs.copy(), state.depth.copy()
        hashes_after[read, 1:] = hashes[:-1, last].T
        mixed = None
        for index, (layer, log_weight) in enumerate(zip(self.layers, self.log_weights)):
            scores, backoffs, known = self._read_layer(
                layer, state.backoffs[:, index], state.depth[:, index], hashes, codes.shape, lengths
            )
            backoffs_after[read, index, 1:] = backoffs[:, last].T
            depth_after[read, index] = np.minimum(known[last], order - 1)
            scores += np.float32(log_weight)
            mixed = scores if mixed is None else np.logaddexp(mixed, scores)
        return mixed, State(hashes_after, backoffs_after, depth_after, state.placement)

    def _read_layer(self, layer: Layer, state_backoffs: np.ndarray, depth: np.ndarray, hashes: np.ndarray, shape, lengths: np.ndarray):
        """One layer's log probability of each letter, the log backoff of each string found as
        a context, and how many strings ending at each position it knows.

        The strings known at a position are the leading run of those ending there that the
        table holds (kept strings are closed under suffixes: a later hit after a miss is a
        fingerprint collision), and none is longer than one past the longest known at the
        position before (they are closed under prefixes). So the strings of each length are
        looked up for all positions at once, each only if every shorter one ending at its
        position and the one it extends were found; the known lengths then follow for every
        position without reading the positions one after another."""
        order = self.order
        width, rows = shape
        size = width * rows
        # known[p]: how many strings ending at position p were found; the positions before
        # the first are the state's (its depth).
        counts = np.empty(rows + size, dtype=np.int64)
        counts[:rows] = depth
        known = counts[rows:]
        known[:] = 0
        longest = np.zeros(size, dtype=np.uint64)  # the entry of the longest string found
        # The log backoff of each string found as a context (what an empty entry gives if not).
        backoffs = np.full((order - 1, size), log_backoff(np.uint64(0)), dtype=np.float32)
        active = np.flatnonzero((np.arange(width)[:, None] < lengths).ravel())
        eager = len(active) <= _EAGER_POSITIONS
        if eager:
            # A small batch looks up every string whose context can be known in one go: a
            # lookup per length would cost more than the strings it saves.
            reach = np.minimum(depth + np.arange(width)[:, None], order - 1).ravel()[active]
            level, which = np.nonzero(np.arange(order)[:, None] <= reach)
            entries = np.zeros((order, size), dtype=np.uint64)
            entries[level, active[which]] = lookup(layer.table, hashes[level, active[which]])
        for j in range(order):
            active = active[counts[active] >= j]
            if not len(active):
                break
            found = entries[j, active] if eager else lookup(layer.table, hashes[j, active])
            hit = found != 0
            active, found = active[hit], found[hit]
            known[active] = j + 1
            longest[active] = found
            if j < order - 1:
                backoffs[j][active] = log_backoff(found)
        stored = np.where(known > 0, log_prob(longest), LOG_UNKNOWN_CHAR)
        # Contexts longer than the longest known string each add their backoff weight: those
        # of the state before each position (the root's never changes), summed from the
        # longest down. tail[i, c]: the sum down to length i.
        tail = np.empty((order + 1, width, rows), dtype=np.float32)
        tail[order] = 0
        tail[order - 1, 0] = state_backoffs[:, order - 1]
        tail[order - 1, 1:] = backoffs[order - 2].reshape(width, rows)[:-1]
        for i in range(order - 2, -1, -1):
            np.add(tail[i + 1, 0], state_backoffs[:, i], out=tail[i, 0])
            np.add(tail[i + 1, 1:], backoffs[i - 1].reshape(width, rows)[:-1] if i else state_backoffs[:, 0], out=tail[i, 1:])
        positions = np.arange(size)
        scores = (stored + tail.ravel()[known * size + positions]).reshape(width, rows)
        return scores, backoffs, known

    def state_after(self, contexts: list[str]) -> State:
        """States after reading each context (only its last n-1 characters matter)."""
        width = self.order - 1
        codes = codes_of("".join(context[-width:].rjust(width, "\n") for context in contexts)).reshape(len(contexts), width)
        _, state = self.read(self.empty_state(len(contexts)), codes, np.full(len(contexts), width))
        return state


def _placements(placement: np.ndarray, codes: np.ndarray, lengths: np.ndarray, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each character's log penalty for a misplaced mark (`codes[c, i]`: character c of row i),
    and each row's placement after its text. What a letter allows the next character does not
    depend on what came before it (`marks.placed`), so in a row without marks only the first
    character can be misplaced."""
    penalty = np.zeros(codes.shape, dtype=np.float32)
    after = placement.copy()
    read = np.flatnonzero(lengths > 0)
    first_and_last = np.concatenate([codes[0, read], codes[lengths[read] - 1, read]])
    misplaced, placements = placed(first_and_last, np.tile(placement[read], 2))
    penalty[0, read], after[read] = misplaced[: len(read)], placements[len(read) :]
    with_marks = np.flatnonzero(marks.any(axis=0))
    current = placement[with_marks]
    for column in range(len(codes)):
        live = np.flatnonzero(lengths[with_marks] > column)
        if not len(live):
            break
        penalty[column, with_marks[live]], current[live] = placed(codes[column, with_marks[live]], current[live])
    after[with_marks] = current
    return penalty, after
