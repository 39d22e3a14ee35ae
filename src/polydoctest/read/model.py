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
from polydoctest.read.marks import MarkModel, is_mark
from polydoctest.read.table import log_backoff, log_prob, lookup
from polydoctest.read.training import LOG_UNKNOWN_CHAR


@dataclass(frozen=True)
class State:
    """`hashes[:, j]` is the hash of the last j characters, `backoffs[:, j]` their log backoff."""

    hashes: np.ndarray  # (batch, order) uint64
    backoffs: np.ndarray  # (batch, order) float32

    def take(self, index: np.ndarray) -> State:
        return State(self.hashes[index], self.backoffs[index])


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
        return State(hashes, backoffs)

    def step(self, state: State, codes: np.ndarray) -> tuple[np.ndarray, State]:
        """Log probability of `codes[i]` after state i, and the states extended by them
        (a combining mark is scored by the mark model and leaves its state as it was)."""
        marks = is_mark(codes)
        if not marks.any():
            return self._step_letters(state, codes)
        scores = self.marks.score(codes)
        letters = np.flatnonzero(~marks)
        hashes, backoffs = state.hashes.copy(), state.backoffs.copy()
        if len(letters):
            scores[letters], grown = self._step_letters(state.take(letters), codes[letters])
            hashes[letters], backoffs[letters] = grown.hashes, grown.backoffs
        return scores, State(hashes, backoffs)

    def _step_letters(self, state: State, codes: np.ndarray) -> tuple[np.ndarray, State]:
        grown = extend(state.hashes, codes[:, None])  # column j: the last j characters plus the new one
        # Kept strings are suffix-closed: a string is only looked up if its suffix one
        # character shorter was found, which spares the lookups that would miss.
        entries = np.zeros(grown.shape, dtype=np.uint64)
        known = np.zeros(len(codes), dtype=np.int64)
        rows = np.arange(len(codes))
        for column in range(grown.shape[1]):
            found = lookup(self.table, grown[rows, column])
            rows = rows[found != 0]
            entries[rows, column] = found[found != 0]
            known[rows] += 1
            if not len(rows):
                break
        rows = np.arange(len(codes))
        stored = np.where(known > 0, log_prob(entries[rows, np.maximum(known - 1, 0)]), LOG_UNKNOWN_CHAR)
        # Contexts longer than the longest known string each add their backoff weight.
        tail = np.cumsum(state.backoffs[:, ::-1], axis=1)[:, ::-1]
        tail = np.concatenate([tail, np.zeros((len(codes), 1), np.float32)], axis=1)
        scores = stored + tail[rows, known]
        hashes = np.concatenate([np.full((len(codes), 1), SEED, dtype=np.uint64), grown[:, :-1]], axis=1)
        backoffs = np.concatenate([state.backoffs[:, :1], log_backoff(entries[:, :-1])], axis=1)
        return scores.astype(np.float32), State(hashes, backoffs)

    def state_after(self, contexts: list[str]) -> State:
        """States after reading each context (only its last n-1 characters matter)."""
        width = self.order - 1
        state = self.empty_state(len(contexts))
        padded = [context[-width:].rjust(width, "\n") if width else "" for context in contexts]
        codes = codes_of("".join(padded)).reshape(len(contexts), width) if width else None
        for column in range(width):
            _, state = self.step(state, codes[:, column])
        return state
