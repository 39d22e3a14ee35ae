"""A character n-gram model that scores many hypotheses per numpy call.

A search state is the hashes of the last 0..n-1 characters plus their log backoff weights;
extending every state by one character is one bulk table lookup of n strings per state. The
probability of a character is the stored (interpolated) probability at the longest known
string ending in it, times the backoff weights of the longer contexts that were seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polydoctest.read.hashing import SEED, codes_of, extend
from polydoctest.read.marks import ON_BASE, MarkModel, is_mark, placed
from polydoctest.read.table import log_backoff, log_prob, lookup
from polydoctest.read.training import LOG_UNKNOWN_CHAR


@dataclass(frozen=True)
class State:
    """`hashes[:, j]` is the hash of the last j characters, `backoffs[:, j]` their log backoff,
    `depth` how many of those the model knows; `placement` what the last character allows a
    combining mark (see `marks.placed`)."""

    hashes: np.ndarray  # (batch, order) uint64
    backoffs: np.ndarray  # (batch, order) float32
    depth: np.ndarray  # (batch,) int64
    placement: np.ndarray  # (batch,) int8

    def take(self, index: np.ndarray) -> State:
        return State(self.hashes[index], self.backoffs[index], self.depth[index], self.placement[index])

    def put(self, index: np.ndarray, other: State) -> None:
        """Overwrite rows `index` with `other`'s (in place)."""
        self.hashes[index] = other.hashes
        self.backoffs[index] = other.backoffs
        self.depth[index] = other.depth
        self.placement[index] = other.placement

    def copy(self) -> State:
        return State(self.hashes.copy(), self.backoffs.copy(), self.depth.copy(), self.placement.copy())


@dataclass(frozen=True)
class CharModel:
    table: np.ndarray
    order: int
    log_root_backoff: float
    marks: MarkModel
    key: str

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "table.npy", self.table)
        np.save(directory / "mark_codes.npy", self.marks.codes)
        np.save(directory / "mark_log_probs.npy", self.marks.log_probs)
        (directory / "meta.txt").write_text(f"{self.order} {self.log_root_backoff!r} {self.marks.log_unseen!r}\n")

    @classmethod
    def load(cls, directory: Path, key: str) -> CharModel:
        order, root, unseen = (directory / "meta.txt").read_text().split()
        marks = MarkModel(np.load(directory / "mark_codes.npy"), np.load(directory / "mark_log_probs.npy"), float(unseen))
        # A plain array over the mapped file: np.memmap's indexing goes through Python.
        table = np.load(directory / "table.npy", mmap_mode="r").view(np.ndarray)
        return cls(table, int(order), float(root), marks, key)

    def empty_state(self, batch: int) -> State:
        hashes = np.full((batch, self.order), SEED, dtype=np.uint64)
        backoffs = np.zeros((batch, self.order), dtype=np.float32)
        backoffs[:, 0] = self.log_root_backoff
        # Nothing known before: no mark is ruled out (a line start is read as "\n").
        return State(hashes, backoffs, np.zeros(batch, dtype=np.int64), np.full(batch, ON_BASE, dtype=np.int8))

    def step(self, state: State, codes: np.ndarray) -> tuple[np.ndarray, State]:
        """Log probability of `codes[i]` after state i, and the states extended by them
        (a combining mark is scored by the mark model and leaves the n-gram context as it was;
        a misplaced mark is all but ruled out)."""
        penalty, placement = placed(codes, state.placement)
        marks = is_mark(codes)
        if not marks.any():
            scores, grown = self._step_letters(state, codes)
        else:
            scores = self.marks.score(codes)
            letters = np.flatnonzero(~marks)
            grown = state.copy()
            if len(letters):
                scores[letters], after = self._step_letters(state.take(letters), codes[letters])
                grown.put(letters, after)
        grown.placement[:] = placement
        return scores + penalty, grown

    def _step_letters(self, state: State, codes: np.ndarray) -> tuple[np.ndarray, State]:
        grown = extend(state.hashes, codes[:, None])  # column j: the last j characters plus the new one
        # All orders in one bulk lookup, of the strings that can be known: kept strings are
        # closed under prefixes, so one is only worth looking up if its context is known. They
        # are closed under suffixes too, so the strings known are the leading run of hits (a
        # later hit after a miss is a fingerprint collision).
        wanted = np.arange(grown.shape[1]) <= state.depth[:, None]
        entries = np.zeros(grown.shape, dtype=np.uint64)
        entries[wanted] = lookup(self.table, grown[wanted])
        known = np.cumprod(entries != 0, axis=1).sum(axis=1)
        entries[np.arange(grown.shape[1]) >= known[:, None]] = 0
        rows = np.arange(len(codes))
        stored = np.where(known > 0, log_prob(entries[rows, np.maximum(known - 1, 0)]), LOG_UNKNOWN_CHAR)
        # Contexts longer than the longest known string each add their backoff weight.
        tail = np.cumsum(state.backoffs[:, ::-1], axis=1)[:, ::-1]
        tail = np.concatenate([tail, np.zeros((len(codes), 1), np.float32)], axis=1)
        scores = stored + tail[rows, known]
        hashes = np.concatenate([np.full((len(codes), 1), SEED, dtype=np.uint64), grown[:, :-1]], axis=1)
        backoffs = np.concatenate([state.backoffs[:, :1], log_backoff(entries[:, :-1])], axis=1)
        depth = np.minimum(known, self.order - 1)
        return scores.astype(np.float32), State(hashes, backoffs, depth, state.placement.copy())

    def state_after(self, contexts: list[str]) -> State:
        """States after reading each context (only its last n-1 characters matter)."""
        width = self.order - 1
        state = self.empty_state(len(contexts))
        padded = [context[-width:].rjust(width, "\n") if width else "" for context in contexts]
        codes = codes_of("".join(padded)).reshape(len(contexts), width) if width else None
        for column in range(width):
            _, state = self.step(state, codes[:, column])
        return state
