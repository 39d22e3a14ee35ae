"""Rolling hashes of character strings, shared by model training and scoring.

A string's hash is a polynomial in its code points (mod 2**64), so the hash of a string one
character longer is one multiply-add away; training and search both extend hashes character
by character on whole numpy arrays. The mix function spreads those hashes over a table slot
and an independent 32-bit fingerprint.
"""

from __future__ import annotations

import numpy as np

SEED = np.uint64(0x243F6A8885A308D3)
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def extend(hashes: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Hashes of the strings `hashes` stand for, each followed by the character `codes`."""
    return hashes * _MULTIPLIER + (codes.astype(np.uint64) + np.uint64(1))


def mix(hashes: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    z = hashes ^ (hashes >> np.uint64(30))
    z = z * _MIX1
    z = z ^ (z >> np.uint64(27))
    z = z * _MIX2
    return z ^ (z >> np.uint64(31))


def codes_of(text: str) -> np.ndarray:
    """The code points of `text` as an array."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
