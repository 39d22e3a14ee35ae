"""The text a language model learns from: word lists any user has, plus clean pages.

`wordfreq` has each language's words with their frequencies but no running text. A model
estimated on isolated words learns nothing about what follows a word, and Kneser-Ney's
continuation counts (how many different characters precede a string) mean nothing at a word
start. So the word list is laid out as a pseudo-text: every word as often as its frequency says
in a text of `PSEUDO_TOKENS` words (at least once), in a fixed shuffled order, separated the way
the language separates words. Clean pages of the same documentation are the in-domain text;
they count `CORPUS_WEIGHT` times, so that a few pages weigh against the word lists.

The English inside guides (comments and strings in code fences, the words around emoji) is the
English of the libraries they document, and every user has those installed: the docstrings and
comments of the installed packages are read as running English text, a bounded amount from
each (top-level modules first, each line once), so a build stays within seconds. No text is
shipped with this package.
"""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from pathlib import Path

import numpy as np
import wordfreq

# wordfreq splits Korean into morphemes and Chinese into words; in running text Chinese has no
# spaces and Korean one between words (about every other morpheme), the others one per word.
UNSPACED = frozenset({"zh", "ja", "th", "ko"})
WITHOUT_SPACES = frozenset({"zh", "ja", "th"})
_SPACE_SHARE = {**dict.fromkeys(WITHOUT_SPACES, 0.0), "ko": 0.5}
PSEUDO_TOKENS = 1_000_000
# How many entries of each word list to learn from. English matters less (ASCII is never
# damaged; it is there for the words around emoji and accented names in code and comments).
WORD_LIMIT = 300_000
ENGLISH_LIMIT = 30_000
ENGLISH_TOKENS = 150_000
CORPUS_WEIGHT = 4
# The packages whose prose is read, and how many characters of it from each.
INSTALLED_PACKAGES = ("transformers", "datasets", "huggingface_hub", "evaluate")
INSTALLED_CHARS = 1_000_000
_DOCSTRING_OR_COMMENT = re.compile(r'"""(.*?)"""|#[^\n]*', re.S)


def pseudo_text(language: str, limit: int = WORD_LIMIT, tokens: int = PSEUDO_TOKENS) -> str:
    """The word list of `language` as a deterministic pseudo-text (empty if wordfreq lacks it).
    Entries with digits are left out: wordfreq folds digits to 0."""
    if language not in wordfreq.available_languages("best"):
        return ""
    frequencies = wordfreq.get_frequency_dict(language, "best")
    ranked = sorted(frequencies.items(), key=lambda item: -item[1])[:limit]
    words = [word for word, _ in ranked if not any(char.isdigit() for char in word)]
    weights = np.array([frequencies[word] for word in words])
    repeats = np.maximum(1, np.rint(weights * tokens)).astype(np.int64)
    rng = np.random.default_rng(0)
    order = rng.permutation(np.repeat(np.arange(len(words)), repeats))
    pieces = np.array(words, dtype=object)[order]
    space_share = _SPACE_SHARE.get(language, 1.0)
    if space_share == 1.0:
        return " ".join(pieces.tolist())
    spaced = rng.random(len(order)) < space_share
    pieces[spaced] = pieces[spaced] + " "
    return "".join(pieces.tolist())


def _package_root(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # finds the package without importing it
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def installed_english(limit: int = INSTALLED_CHARS) -> str:
    """Docstring and comment lines of the installed `INSTALLED_PACKAGES`, each distinct line
    once, up to `limit` characters per package ('' for a package that is not installed)."""
    lines: dict[str, None] = {}
    for name in INSTALLED_PACKAGES:
        root = _package_root(name)
        if root is None:
            continue
        files = sorted(root.rglob("*.py"), key=lambda path: (len(path.relative_to(root).parts), str(path)))
        lines.update(_prose_lines(files, lines, limit))
    return "\n".join(lines)


def _prose_lines(files: list[Path], seen: dict[str, None], limit: int) -> dict[str, None]:
    """The docstring and comment lines of `files` not in `seen`, up to `limit` characters."""
    found: dict[str, None] = {}
    size = 0
    for file in files:
        text = file.read_text(encoding="utf-8", errors="ignore")
        for match in _DOCSTRING_OR_COMMENT.finditer(text):
            for line in match.group(0).split("\n"):
                line = line.strip()
                if not line or line in seen or line in found:
                    continue
                if size + len(line) + 1 > limit:
                    return found
                found[line] = None
                size += len(line) + 1
    return found


def installed_digest() -> str:
    """What `installed_english` depends on: each package's record of its files' hashes (or
    its version when it has none), so a model is rebuilt when the installed text changes."""
    parts = []
    for name in INSTALLED_PACKAGES:
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            parts.append(f"{name}:absent")
            continue
        parts.append(f"{name}:{distribution.version}:{distribution.read_text('RECORD') or ''}")
    return "\n".join(parts)


def word_list_texts(language: str | None) -> tuple[str, str]:
    """The pseudo-texts of English (code, comments, links) and of `language` ('' if none)."""
    own = pseudo_text(language) if language and language != "en" else ""
    return pseudo_text("en", ENGLISH_LIMIT, ENGLISH_TOKENS), own


def training_segments(english: str, own: str, corpus: list[str], installed: str = "") -> list[tuple[str, float]]:
    """(text, weight) segments: the word-list pseudo-texts, the installed packages' English,
    then the corpus texts."""
    segments = [(english, 1.0), (own, 1.0), (installed, 1.0)] + [("\n" + text, float(CORPUS_WEIGHT)) for text in corpus]
    return [(text, weight) for text, weight in segments if text]
