"""What the read stage hands on: the repaired text and an account of every fill.

Plain frozen dataclasses; `dataclasses.asdict` turns a report into JSON-able dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# A fill whose chosen text has less than this share of the model's belief among the hole's
# candidates is flagged for a human to check.
LOW_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Fill:
    """One hole and how it was filled. Lines and columns are 1-based; `line`/`column` point at
    the hole in the text as given, `repaired_line`/`repaired_column` at the fill in the
    repaired text. `alternatives` are the next best fills with their share of belief."""

    line: int
    column: int
    repaired_line: int
    repaired_column: int
    damaged: str
    chosen: str
    alternatives: tuple[tuple[str, float], ...]
    confidence: float
    low_confidence: bool


@dataclass(frozen=True)
class RepairReport:
    """`codepage` None means the page was clean and is returned unchanged. `equivalent_codepages`
    produce the same damaged text; `detection_confidence` says how sure the choice among all
    candidates is. `unresolved` holes had no possible fill and are left as they were."""

    codepage: str | None
    detection_confidence: float
    holes: int = 0
    filled: int = 0
    unresolved: int = 0
    fills: tuple[Fill, ...] = ()
    language: str | None = None
    equivalent_codepages: tuple[str, ...] = ()

    @property
    def low_confidence(self) -> tuple[Fill, ...]:
        return tuple(fill for fill in self.fills if fill.low_confidence)


@dataclass(frozen=True)
class Reading:
    """A page as read: `original` as given, `text` repaired (identical when clean)."""

    text: str
    original: str
    report: RepairReport = field(repr=False)


def reading_to_dict(reading: Reading) -> dict:
    """What `dataclasses.asdict` gives for a `Reading`, without its deep copies (a page has
    hundreds of fills; the copies cost as much as a cp125x repair)."""
    report = {item.name: getattr(reading.report, item.name) for item in fields(RepairReport)}
    report["fills"] = [vars(fill) for fill in reading.report.fills]
    return {"text": reading.text, "original": reading.original, "report": report}


def reading_from_dict(data: dict) -> Reading:
    """The inverse of `dataclasses.asdict` for a `Reading` (JSON turns tuples into lists)."""
    report = dict(data["report"])
    report["fills"] = tuple(
        Fill(**{**fill, "alternatives": tuple((text, share) for text, share in fill["alternatives"])})
        for fill in report["fills"]
    )
    report["equivalent_codepages"] = tuple(report["equivalent_codepages"])
    return Reading(data["text"], data["original"], RepairReport(**report))
