"""The read stage's entry: a page's text and corpus texts in, repaired text and a report out.

The corpus is taken as given (clean texts of the same documentation; `corpus.gather` makes
them from a docs tree): nothing here reads files or gathers. Detect the code page; if the page
is clean return it untouched (no model is needed: callers ask `is_damaged` to know which
languages' models to build ahead). Otherwise load the character model and lexicon for the
page's language and corpus, fill the holes, and report every fill with its position in the
text as given and in the repaired text. When code pages that produce the very same damaged text
remain (cp874 and TIS-620, cp1252 and latin-1), the fills decide: the page is put down to the
code page that loses the fewest bytes yet every confident fill.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import numpy as np

from polydoctest.errors import InputError
from polydoctest.read.cache import content_key, load_json, source_digest, store_json
from polydoctest.read.damage.channel import CODEPAGES, lost_bytes
from polydoctest.read.damage.detect import Candidate, Detection, detect
from polydoctest.read.damage.holes import find_holes
from polydoctest.read.inputs import MAX_PAGE_BYTES
from polydoctest.read.language import infer_language
from polydoctest.read.models.language_model import load_model
from polydoctest.read.report import Fill, Reading, RepairReport, is_confident, reading_from_dict, reading_to_dict
from polydoctest.read.search import analysers
from polydoctest.read.search.decode import Decoded, decode
from polydoctest.read.search.lexicon import load_lexicon

_BOM = "\ufeff"
# Repaired pages are cached in memory and on disk by a hash of the page, its model and the code
# of this stage (every module of the package).
_DECODER = source_digest(*(str(path) for path in Path(__file__).parent.rglob("*.py")))
_READINGS: dict[str, Reading] = {}
# How many alternatives a fill reports.
ALTERNATIVES = 3


def repair_text(text: str, *, language: str | None = None, corpus: tuple[str, ...] = ()) -> Reading:
    """Repair `text` (a page decoded as UTF-8). `language` is the page language (e.g. 'ar',
    inferred from its letters when None); `corpus` holds clean texts of the same
    documentation, the model's in-domain text."""
    if not isinstance(text, str):
        raise TypeError(f"repair_text needs str, not {type(text).__name__}; use read_page for files")
    corpus = tuple(corpus)
    if not all(isinstance(item, str) for item in corpus):
        raise TypeError("repair_text takes the corpus as texts; use read_page (or corpus.gather) for files and folders")
    if len(text) > MAX_PAGE_BYTES:
        raise InputError(f"the text is {len(text)} characters long; pages over {MAX_PAGE_BYTES} are not read.")
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom):]
    detection = detect(body)
    if detection.codepage is None:
        return Reading(text, text, RepairReport(None, detection.confidence, language=language))
    language = language or _language(detection)
    model = load_model(language, corpus)
    key = content_key(_DECODER, text, language or "", model.key, analysers.digest(language))
    if key not in _READINGS:
        stored = load_json("readings", key)
        if stored is not None and stored.get("original") == text:
            _READINGS[key] = reading_from_dict(stored)
        else:
            _READINGS[key] = _repair(text, bom, detection, language, model, load_lexicon(language, corpus))
            store_json("readings", key, reading_to_dict(_READINGS[key]))
    return _READINGS[key]


def is_damaged(text: str) -> bool:
    """Whether `text` shows the channel's damage (and so needs a model to be repaired)."""
    return detect(text.removeprefix(_BOM)).codepage is not None


def damaged_language(text: str) -> str | None:
    """The language of a damaged `text` as its intact letters show it (None if clean or unknown)."""
    detection = detect(text.removeprefix(_BOM))
    return None if detection.codepage is None else _language(detection)


def _language(detection: Detection) -> str | None:
    return infer_language(detection.candidate.data.decode("utf-8", errors="ignore"))


def _repair(text, bom, detection: Detection, language, model, lexicon) -> Reading:
    codepage, confidence, holes, decoded, equivalents = _decode_detected(detection, model, lexicon, language)
    fills = _fills(text, len(bom), holes, decoded, language, codepage, model.order - 1)
    report = RepairReport(
        codepage=codepage,
        detection_confidence=confidence,
        holes=len(holes),
        filled=sum(1 for hole in holes if hole.candidates),
        unresolved=sum(1 for hole in holes if not hole.candidates),
        fills=fills,
        language=language,
        equivalent_codepages=equivalents,
    )
    return Reading(bom + decoded.text, text, report)


def _inserted(fill: str, lost: frozenset[int]) -> set[int]:
    return {value for value in fill.encode("utf-8") if value in lost}


def _decode_detected(detection: Detection, model, lexicon, language):
    members = (detection.candidate,) + detection.equivalents
    data = detection.candidate.data
    if len(members) == 1:
        holes = list(detection.candidate.holes)
        decoded = decode(model, lexicon, data, holes, detection.codepage, analysers.analyser(language))
        return detection.codepage, detection.confidence, holes, decoded, ()
    # Same damaged bytes, different lost bytes: fill with any byte one of them loses, then see
    # which code page the confident fills need.
    ordered = sorted(members, key=lambda m: (len(lost_bytes(m.codepage)), CODEPAGES.index(m.codepage)))
    widest = ordered[-1].codepage
    union = frozenset().union(*(lost_bytes(m.codepage) for m in members))
    holes = find_holes(data, union)
    decoded = decode(model, lexicon, data, holes, widest, analysers.analyser(language))
    inserted = {fill: _inserted(fill, union) for fill in set(decoded.fills)}
    needs = [(inserted[fill], belief.share_of(fill)) for fill, belief in zip(decoded.fills, decoded.beliefs) if belief]
    # A fill counts as evidence when it is more likely than not.
    sure = [needed for needed, share in needs if share > 0.5]

    def covered(member: Candidate) -> int:
        return sum(1 for needed in sure if needed <= lost_bytes(member.codepage))

    chosen = next((m for m in ordered if covered(m) == len(sure)), None) or max(ordered, key=covered)
    lost = lost_bytes(chosen.codepage)
    if any(not needed <= lost for needed, _ in needs):
        holes = find_holes(data, lost)
        decoded = decode(model, lexicon, data, holes, chosen.codepage, analysers.analyser(language))
    smallest = lost_bytes(ordered[0].codepage)
    evidence = sum(1 for needed in sure if not needed <= smallest)
    confidence = detection.confidence * (1 - 0.5 ** (evidence + 1))
    all_needed = set().union(*(needed for needed, _ in needs)) if needs else set()
    equivalents = tuple(
        m.codepage for m in ordered if m is not chosen and all_needed <= lost_bytes(m.codepage)
    )
    return chosen.codepage, confidence, holes, decoded, equivalents


def _line_starts(text: str) -> np.ndarray:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return np.array(starts)


def _lines_and_columns(starts: np.ndarray, offsets: list[int]) -> tuple[list[int], list[int]]:
    """The 1-based line and column of each offset, given where the lines start."""
    offsets = np.array(offsets, dtype=np.int64)
    lines = np.searchsorted(starts, offsets, side="right")
    return lines.tolist(), (offsets - starts[lines - 1] + 1).tolist()


def _beside_holes(holes, reach: int) -> list[bool]:
    """Whether another hole lies within `reach` intact characters of each hole."""
    gaps = [hole.start - before.end for before, hole in zip(holes, holes[1:])]
    return [
        (i > 0 and gaps[i - 1] < reach) or (i < len(gaps) and gaps[i] < reach) for i in range(len(holes))
    ]


def _fills(text: str, shift: int, holes, decoded: Decoded, language, codepage: str, reach: int) -> tuple[Fill, ...]:
    lines, columns = _lines_and_columns(_line_starts(text), [hole.start + shift for hole in holes])
    repaired_lines, repaired_columns = _lines_and_columns(
        _line_starts(decoded.text), [position + shift for position in decoded.positions]
    )
    fills = []
    for hole, fill, belief, beside, line, column, repaired_line, repaired_column in zip(
        holes, decoded.fills, decoded.beliefs, _beside_holes(holes, reach), lines, columns, repaired_lines, repaired_columns
    ):
        confidence = belief.share_of(fill) if belief else 0.0
        alternatives = tuple(islice(((c, s) for c, s in belief.shares if c != fill), ALTERNATIVES)) if belief else ()
        fills.append(
            Fill(
                line=line,
                column=column,
                repaired_line=repaired_line,
                repaired_column=repaired_column,
                damaged=text[hole.start + shift : hole.end + shift],
                chosen=fill,
                alternatives=alternatives,
                confidence=confidence,
                beside_holes=beside,
                low_confidence=not is_confident(confidence, language, codepage, beside),
            )
        )
    return tuple(fills)
