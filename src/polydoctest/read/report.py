"""What the read stage hands on: the repaired text and an account of every fill.

Plain frozen dataclasses; `dataclasses.asdict` turns a report into JSON-able dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

# A fill is confident when its share of belief reaches the threshold measured for its language,
# code page and place: alone (only intact text within the model's reach on either side, so its
# share weighs every way to fill it) or beside other holes (its share takes the neighbours' fills
# as right, and a wrong neighbour can make a wrong fill look certain). The thresholds are the
# calibration `benchmarks/repair.py --tree` prints: above them the benchmark's fills were right
# at least 99.9 % of the time; None where no threshold made them so. A language or code page
# the benchmark does not measure is held to the strictest row of the same place.
CONFIDENT_FROM: dict[tuple[str, str, bool], float | None] = {
    ("ar", "cp1252", False): 0.9083957192281633,
    ("ar", "cp1252", True): 0.9183203939726531,
    ("ar", "cp1254", False): 0.8439052696380691,
    ("ar", "cp1254", True): 0.9436454675388102,
    ("ar", "tis-620", False): 0.9984623810419929,
    ("ar", "tis-620", True): 0.9999999989425532,
    ("ko", "cp1252", False): 0.999610803471844,
    ("ko", "cp1252", True): 0.6059453474165057,
    ("ko", "cp1254", False): 0.9999532504204102,
    ("ko", "cp1254", True): 0.6935938619992734,
    ("ko", "tis-620", False): 0.9968662998607318,
    ("ko", "tis-620", True): 0.9999999915900103,
    ("zh", "cp1252", False): 0.8658195584249334,
    ("zh", "cp1252", True): 0.9988103755226618,
    ("zh", "cp1254", False): 0.9901533263759758,
    ("zh", "cp1254", True): 0.9947703927833816,
    ("zh", "tis-620", False): 0.7470026586176078,
    ("zh", "tis-620", True): 0.9999930211119576,
}


def is_confident(confidence: float, language: str | None, codepage: str | None, beside_holes: bool) -> bool:
    """Whether a fill with this share of belief, on a page in `language` damaged through
    `codepage`, is reported as confident (see CONFIDENT_FROM)."""
    if (language, codepage, beside_holes) in CONFIDENT_FROM:
        threshold = CONFIDENT_FROM[language, codepage, beside_holes]
    else:
        rows = [value for (_, _, beside), value in CONFIDENT_FROM.items() if beside == beside_holes]
        threshold = None if not rows or None in rows else max(rows)
    return threshold is not None and confidence >= threshold


@dataclass(frozen=True)
class Fill:
    """One hole and how it was filled. Lines and columns are 1-based; `line`/`column` point at
    the hole in the text as given, `repaired_line`/`repaired_column` at the fill in the
    repaired text. `alternatives` are the next best fills with their share of belief.
    `beside_holes`: another hole lies within the model's reach, so the fill was chosen with
    its neighbours' (see CONFIDENT_FROM)."""

    line: int
    column: int
    repaired_line: int
    repaired_column: int
    damaged: str
    chosen: str
    alternatives: tuple[tuple[str, float], ...]
    confidence: float
    beside_holes: bool
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
