"""The repair measured where pages live: pages of a real docs tree, damaged in memory, each
repaired with the rest of its language's tree as corpus (`benchmarks/repair.py --tree PATH`).

For each language the pages (`*.md`, `*.mdx` under `PATH/<language>`, sorted by path) give a
deterministic sample of `--pages N`: every k-th page, k = pages // N. The sampled pages are
held out together: the corpus of each is every page of its language that is not in the sample
(one corpus layer per language, so a run builds three, not one per page; it lacks N-1 pages a
real read would have). Each sampled page goes through the damage channel under every code page
and is repaired as `read_page` repairs a page in its tree. Nothing of the tree is written
anywhere but the model cache.

Per language and code page the table gives the holes, the character error rate (CER) on the
whole page, on its prose (lines outside code fences) and in its fences (which must stay exact),
the warm time per page (wall, and the CPU time of this process, which other work on the
machine disturbs less), and the fills reported as confident: how many, and the share right.
Each fill is judged against the very characters its hole lost (the channel drops bytes and
moves nothing, so the clean page's bytes say what each hole held). The wrong confident fills
are listed by kind. The lines repaired wrong are split by where the error lies: in the search
(the character model scores the true line higher than the repaired one, so a wider search would
find it) or in the model (it prefers the wrong reading, so only more knowledge of the language
would fix it). The calibration, printed as the rows of `read.report.CONFIDENT_FROM`, gives
per language, code page and place of the fill (alone, or beside other holes) the lowest
threshold on a fill's share of belief above which the fills were right at least
`TARGET_PRECISION` of the time (None when no threshold was).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from polydoctest.parse import parse_page
from polydoctest.read import damage, repair_text
from polydoctest.read import repair as stage
from polydoctest.read.corpus import gather
from polydoctest.read.damage.channel import encode_back, lost_bytes
from polydoctest.read.models.language_model import load_model
from polydoctest.read.report import Reading
from polydoctest.read.search.beam import padded_codes

PAGE_SUFFIXES = (".md", ".mdx")
TARGET_PRECISION = 0.999
# The wrong confident fills are listed by kind (chosen, truth), the most frequent first.
LISTED_KINDS = 40


def tree_pages(tree: Path, language: str) -> dict[str, str]:
    folder = tree / language
    paths = sorted(path for path in folder.rglob("*") if path.suffix in PAGE_SUFFIXES and path.is_file())
    return {str(path.relative_to(tree)): path.read_text(encoding="utf-8") for path in paths}


def sample(names: list[str], count: int) -> list[str]:
    """Every k-th name, `count` of them at most."""
    step = max(1, len(names) // max(1, count))
    return names[::step][:count]


def fence_lines(text: str) -> set[int]:
    """0-based numbers of the lines inside code fences (fence lines included)."""
    lines: set[int] = set()
    for fence in parse_page(text).fences:
        lines.update(range(fence.line_start - 1, fence.line_end))
    return lines


@dataclass(frozen=True)
class Judged:
    """One fill against the truth."""

    page: str
    line: int
    chosen: str
    truth: str
    confidence: float
    beside_holes: bool
    confident: bool

    @property
    def right(self) -> bool:
        return self.chosen == self.truth


def judge(name: str, text: str, codepage: str, reading: Reading) -> list[Judged]:
    """Every fill of `reading` (the repair of `text` damaged through `codepage`) with what its
    hole really held."""
    truth = text.encode("utf-8")
    lost = lost_bytes(codepage)
    kept = [i for i, value in enumerate(truth) if value not in lost]  # data offset -> truth offset
    damaged = reading.original
    starts = [0] + [i + 1 for i, char in enumerate(damaged) if char == "\n"]
    spans = []
    for fill in reading.report.fills:
        start = starts[fill.line - 1] + fill.column - 1
        spans.append((start, start + len(fill.damaged), fill))
    judged = []
    for index, (start, end, fill) in enumerate(spans):
        follows_hole = index > 0 and spans[index - 1][1] == start
        precedes_hole = index + 1 < len(spans) and spans[index + 1][0] == end
        if start == 0:
            left = 0
        elif follows_hole:
            left = _split(truth, kept[start - 1] + 1, kept[start], lost)
        else:
            left = kept[start - 1] + 1
        if end == len(kept):
            right = len(truth)
        elif precedes_hole:
            right = _split(truth, kept[end - 1] + 1, kept[end], lost)
        else:
            right = kept[end]
        found = truth[left:right].decode("utf-8", errors="replace")
        judged.append(Judged(name, fill.line, fill.chosen, found, fill.confidence, fill.beside_holes, not fill.low_confidence))
    return judged


def _split(truth: bytes, start: int, end: int, lost: frozenset[int]) -> int:
    """Where the lost bytes `truth[start:end]` between two holes divide: at the first lead byte
    (it starts the second hole's character), else all go to the first hole."""
    return next((i for i in range(start, end) if truth[i] >= 0xC0), end)


@dataclass
class Totals:
    pages: int = 0
    holes: int = 0
    chars: int = 0
    errors: int = 0
    prose_chars: int = 0
    prose_errors: int = 0
    code_chars: int = 0
    code_errors: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    # Lines repaired wrong, by whether the character model scores the true line higher (the
    # search missed it) or the repaired one (the model itself prefers the wrong reading).
    search_misses: int = 0
    model_misses: int = 0


def measure_language(tree: Path, language: str, codepages: list[str], count: int, distance) -> tuple[dict[str, Totals], list[Judged]]:
    pages = tree_pages(tree, language)
    held_out = sample(list(pages), count)
    corpus = gather([text for name, text in pages.items() if name not in held_out], language)
    totals = {codepage: Totals() for codepage in codepages}
    judged: dict[str, list[Judged]] = {codepage: [] for codepage in codepages}
    for name in held_out:
        text = pages[name]
        code = fence_lines(text)
        for codepage in codepages:
            damaged = damage(text, codepage)
            if damaged == text or encode_back(damaged, codepage) is None:
                continue
            # The model and lexicon are loaded by a first repair of another text.
            repair_text(damage("\n".join(reversed(text.split("\n"))), codepage), language=language, corpus=corpus)
            stage._READINGS.clear()
            started, cpu_started = time.perf_counter(), time.process_time()
            reading = repair_text(damaged, language=language, corpus=corpus)
            row = totals[codepage]
            row.seconds += time.perf_counter() - started
            row.cpu_seconds += time.process_time() - cpu_started
            row.pages += 1
            row.holes += reading.report.holes
            for number, (clean, repaired) in enumerate(zip(text.split("\n"), reading.text.split("\n"))):
                wrong = distance(clean, repaired) if clean != repaired else 0
                row.chars += len(clean)
                row.errors += wrong
                if number in code:
                    row.code_chars += len(clean)
                    row.code_errors += wrong
                else:
                    row.prose_chars += len(clean)
                    row.prose_errors += wrong
            judged[codepage] += judge(name, text, codepage, reading)
            preferred = truth_preferred(load_model(language, corpus), text, reading.text)
            row.search_misses += sum(preferred)
            row.model_misses += len(preferred) - sum(preferred)
    return totals, judged


def truth_preferred(model, text: str, repaired: str) -> list[bool]:
    """For each line repaired wrong (holes filled, none left out), whether the model scores the
    true line higher than the repaired one."""
    pairs = [(clean, guess) for clean, guess in zip(text.split("\n"), repaired.split("\n")) if clean != guess and len(clean) == len(guess)]
    if not pairs:
        return []
    codes, lengths = padded_codes(["\n" + line for pair in pairs for line in pair])
    scores, _ = model.read(model.empty_state(len(codes)), codes, lengths)
    return [bool(scores[2 * i] > scores[2 * i + 1]) for i in range(len(pairs))]


def threshold_for(judged: list[Judged], precision: float = TARGET_PRECISION) -> float | None:
    """The lowest confidence threshold above which the fills are right at least `precision` of
    the time (None if there is none). Fills of equal confidence are taken or left together."""
    ranked = sorted(judged, key=lambda fill: -fill.confidence)
    wrong = 0
    best = None
    for count, fill in enumerate(ranked, 1):
        wrong += not fill.right
        tied = count < len(ranked) and ranked[count].confidence == fill.confidence
        if not tied and 1 - wrong / count >= precision:
            best = fill.confidence
    return best


def report(tree: Path, languages: list[str], codepages: list[str], count: int, distance) -> None:
    print(f"tree {tree}: {count} pages per language held out (every k-th by path), the rest of the language as corpus")
    print(f"{'lang':4} {'codepage':8} {'pages':>5} {'holes':>6} {'CER page':>9} {'CER prose':>9} {'CER code':>9} {'ms/page':>8} {'cpu ms':>8} {'confident':>9} {'right':>8}")
    every: dict[tuple[str, str, bool], list[Judged]] = {}
    wrong_confident: list[tuple[str, Judged]] = []
    misses: dict[tuple[str, str], Totals] = {}
    for language in languages:
        totals, judged = measure_language(tree, language, codepages, count, distance)
        for codepage in codepages:
            row = totals[codepage]
            if not row.pages:
                continue
            misses[language, codepage] = row
            confident = [fill for fill in judged[codepage] if fill.confident]
            right = sum(fill.right for fill in confident)
            wrong_confident += [(codepage, fill) for fill in confident if not fill.right]
            for fill in judged[codepage]:
                every.setdefault((language, codepage, fill.beside_holes), []).append(fill)
            print(
                f"{language:4} {codepage:8} {row.pages:5d} {row.holes:6d} {_share(row.errors, row.chars):>9} "
                f"{_share(row.prose_errors, row.prose_chars):>9} {_share(row.code_errors, row.code_chars):>9} "
                f"{1000 * row.seconds / row.pages:8.1f} {1000 * row.cpu_seconds / row.pages:8.1f} {len(confident):9d} {_share(right, len(confident), 2):>8}",
                flush=True,
            )
    print("\nlines repaired wrong: the model scores the true line higher (the search missed it) / the repaired one (the model's own error)")
    for (language, codepage), row in misses.items():
        print(f"  {language:4} {codepage:8} {row.search_misses:5d} / {row.model_misses:5d}")
    kinds = Counter((codepage, fill.chosen, fill.truth) for codepage, fill in wrong_confident)
    first = {}
    for codepage, fill in wrong_confident:
        first.setdefault((codepage, fill.chosen, fill.truth), f"{fill.page}:{fill.line}")
    print(f"\nwrong fills reported as confident: {len(wrong_confident)}, by kind:")
    for (codepage, chosen, truth), times in kinds.most_common(LISTED_KINDS):
        print(f"  {times:4d} x {codepage:8} {chosen!r} for {truth!r}  (first at {first[codepage, chosen, truth]})")
    if len(kinds) > LISTED_KINDS:
        print(f"  ... and {len(kinds) - LISTED_KINDS} more kinds")
    print(f"\ncalibration (read.report.CONFIDENT_FROM): the threshold above which fills were right >= {100 * TARGET_PRECISION:g} %")
    for (language, codepage, beside), fills in sorted(every.items()):
        threshold = threshold_for(fills)
        place = "beside holes" if beside else "alone"
        above = [fill for fill in fills if threshold is not None and fill.confidence >= threshold]
        row = f"({language!r}, {codepage!r}, {beside}): {threshold!r},"
        print(f"    {row:45} # {place}: {len(above)} of {len(fills)} fills above it")


def _share(part: int, whole: int, digits: int = 3) -> str:
    return f"{100 * part / whole:.{digits}f}%" if whole else "-"
