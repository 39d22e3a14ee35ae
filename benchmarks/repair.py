"""Benchmark the read stage: how well and how fast it repairs each script under each code page.

For every language (ar, ko, zh) and code page, clean text is sent through the damage channel
and repaired; the table gives the holes, the character error rate (CER) of the repair (and its
character errors per hole, which does not depend on how dense the holes are), the CER of a
plain re-decode that puts U+FFFD in every hole, and the time per page (a page here is one
held-out text; the seed pages as they are, 17-42 kB each, are timed at the end). The clean text is
(a) the sentences of the seed pages in docs/source/ that came through undamaged (no hole in
them) and (b) sentences written for this benchmark (`heldout/<language>.txt`), in
`WRITTEN_PARTS` parts. Each is held out: the model that repairs it is built from the word
lists plus the *other* texts of the same language as corpus (leave-one-out over the seed pages
and the written parts, as the other pages of its docs tree are a page's corpus in use), never
from the text itself. A seed page's intact sentences are intact because they hold no character
the page's own code page breaks, so under that code page, or one that loses a subset of its
bytes (cp1252 for a cp1254 page), its fold has no hole and the row measures the other folds
only: the ko rows of cp1252 and cp1254 and the zh row of cp1252 measure the written sentences
alone.

Each held-out text is measured twice: as prose (its sentences one per line), and as a
*guide-shaped page*: a seed page's lines as they are, ASCII and code fences included (ASCII is
never damaged), with the non-ASCII stretch of every line replaced by the next held-out
sentence, so that holes are as dense as on a real guide page. A seed page's own sentences go
into its own structure; the written sentences go into the structure of a seed page of another
language (its prose is replaced, and its language's pages are not in the corpus).

    .venv/bin/python benchmarks/repair.py            # all languages and code pages
    .venv/bin/python benchmarks/repair.py --quick    # written sentences, cp1252/cp1254/tis-620
    .venv/bin/python benchmarks/repair.py --itself   # each damaged text also in its own corpus
    .venv/bin/python benchmarks/repair.py --parts 1  # written sentences in one part: seed pages as corpus
    .venv/bin/python benchmarks/repair.py --tree PATH [--pages N]  # pages of a docs tree (repair_tree.py)

Models are cached (a first run builds each language's base layer once, then a small corpus
layer per fold); times exclude model builds and include storing the repaired page in the disk
cache, as a real read does.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from polydoctest.read import damage, read_page, repair_text
from polydoctest.read import repair as stage
from polydoctest.read.corpus import gather
from polydoctest.read.damage.channel import encode_back, lost_bytes
from polydoctest.read.damage.detect import detect
from polydoctest.read.damage.holes import find_holes

import repair_tree

DOCS = Path(__file__).resolve().parent.parent / "docs" / "source"
LANGUAGES = ("ar", "ko", "zh")
CODEPAGES = ("cp1252", "cp1254", "cp1250", "cp1251", "cp1256", "latin-1", "cp874", "tis-620")
QUICK_CODEPAGES = ("cp1252", "cp1254", "tis-620")
_SENTENCE_END = re.compile(r"(?<=[.!?؟。！？])\s*")

HELDOUT = Path(__file__).resolve().parent / "heldout"
# The written sentences of a language are held out in parts, each with the others in its corpus
# (`--parts 1`: the written sentences are one text, repaired with the seed pages alone as corpus).
WRITTEN_PARTS = 4
TREE_PAGES = 8


def written_sentences(language: str) -> list[str]:
    """Sentences written for this benchmark (not taken from anywhere), in the register of the
    guides: `heldout/<language>.txt`, one per line."""
    return (HELDOUT / f"{language}.txt").read_text(encoding="utf-8").split("\n")[:-1]


def intact_sentences(text: str) -> list[str]:
    """The sentences of a seed page that came through without a hole."""
    detection = detect(text)
    if detection.codepage is None:
        return [line for line in text.split("\n") if not line.isascii()]
    data, holes = detection.candidate.data, detection.candidate.holes
    bounds = [0] + [edge for hole in holes for edge in (hole.start, hole.end)] + [len(data)]
    sentences = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        lines = data[start:end].decode("utf-8").split("\n")
        for number, line in enumerate(lines):
            parts = _SENTENCE_END.split(line)
            # A stretch starts and ends at a hole: the sentences cut there are not whole.
            if number == 0 and start > 0:
                parts = parts[1:]
            if number == len(lines) - 1 and end < len(data):
                parts = parts[:-1]
            sentences += [part.strip() for part in parts if not part.isascii() and len(part.strip()) > 8]
    return sentences


@dataclass(frozen=True)
class Fold:
    """A held-out text in two shapes, and the corpus that never saw it."""

    name: str
    prose: str
    page: str
    corpus: tuple[str, ...]


_NON_ASCII_STRETCH = re.compile(r"[^\x00-\x7f](?:.*[^\x00-\x7f])?")


def guide_shaped(structure: str, sentences: list[str]) -> str:
    """`structure`'s lines with the non-ASCII stretch of each replaced by the next sentence
    (cycling through them)."""
    following = itertools.cycle(sentences)
    return "\n".join(_NON_ASCII_STRETCH.sub(lambda _: next(following), line) for line in structure.split("\n"))


def folds(language: str, quick: bool, parts: int = WRITTEN_PARTS) -> list[Fold]:
    """The folds of `language`. The corpus holds the other seed pages of the language as they
    are (damaged: the stage uses their confidently repaired lines, as it does in use) and the
    written sentences but those held out."""
    pages = {str(path.relative_to(DOCS)): path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}
    written = written_sentences(language)
    pieces = {}
    for part in range(parts):
        sentences = written[part::parts]
        pieces[f"written-{part + 1}"] = (sentences, ["\n".join(sentences)])
    for name, text in pages.items():
        if name.startswith(language + "/"):
            pieces[name] = (intact_sentences(text), [text])
    foreign = next(text for name, text in pages.items() if not name.startswith(language + "/"))
    chosen = [name for name, (sentences, _) in pieces.items() if sentences and not (quick and name in pages)]
    result = []
    for name in chosen:
        sentences = pieces[name][0]
        corpus = tuple(text for other, (_, texts) in pieces.items() if other != name for text in texts)
        structure = pages.get(name, foreign)
        result.append(Fold(name, "\n".join(sentences), guide_shaped(structure, sentences), corpus))
    return result


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, after trimming the common prefix and suffix."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def errors(truth: str, guess: str) -> int:
    """Character errors; damage never moves a newline, so lines are compared one by one."""
    truth_lines, guess_lines = truth.split("\n"), guess.split("\n")
    if len(truth_lines) != len(guess_lines):
        return _distance(truth, guess)
    return sum(_distance(t, g) for t, g in zip(truth_lines, guess_lines) if t != g)


SHAPES = ("prose", "page")


def measure(language: str, codepage: str, shape: str, quick: bool, itself: bool = False, parts: int = WRITTEN_PARTS) -> dict:
    """Totals over the folds of `language` with each held-out text in `shape` (see SHAPES).
    With `itself`, the damaged text joins the corpus, as a page does in use (its language
    folder is its corpus): the model learns from its confidently repaired words, never from
    the clean text."""
    holes = chars = repair_errors = baseline_errors = 0
    seconds = 0.0
    detected = set()
    pages = 0
    for fold in folds(language, quick, parts):
        text, corpus = (fold.prose if shape == "prose" else fold.page), fold.corpus
        damaged = damage(text, codepage)
        data = encode_back(damaged, codepage)
        found = find_holes(data, lost_bytes(codepage))
        if not found:
            continue
        if itself:
            corpus = corpus + (damaged,)
        corpus = gather(corpus, language)
        # Build or load the model and the lexicon's index outside the timing.
        warm_up = "\n".join(reversed(text.split("\n")))
        repair_text(damage(warm_up, codepage), language=language, corpus=corpus)
        _no_reading_cache()
        start = time.perf_counter()
        reading = repair_text(damaged, language=language, corpus=corpus)
        seconds += time.perf_counter() - start
        detected.add(reading.report.codepage)
        holes += len(found)
        chars += len(text)
        pages += 1
        repair_errors += errors(text, reading.text)
        baseline_errors += errors(text, data.decode("utf-8", errors="replace"))
    return {
        "holes": holes,
        "chars": chars,
        "cer": repair_errors / chars if chars else None,
        "per_hole": repair_errors / holes if holes else None,
        "baseline": baseline_errors / chars if chars else None,
        "ms_per_page": 1000 * seconds / pages if pages else None,
        "detected": ",".join(sorted(str(d) for d in detected)),
    }


def _no_reading_cache() -> None:
    """Measure the repair, not the cache of repaired pages (models stay cached): forget the
    readings in memory and never look on disk."""
    stage._READINGS.clear()
    stage.load_json = lambda kind, key: None


def seed_pages() -> list[tuple[str, float, object]]:
    """Each seed page read as it is, with its language directory as corpus (model and lexicon
    already built): its name, the warm wall time and the reading."""
    rows = []
    for path in sorted(DOCS.rglob("*.md")):
        language = path.relative_to(DOCS).parts[0]
        read_page(path, language=language, corpus=[DOCS / language])  # builds or loads the model
        _no_reading_cache()
        start = time.perf_counter()
        reading = read_page(path, language=language, corpus=[DOCS / language])
        rows.append((str(path.relative_to(DOCS)), time.perf_counter() - start, reading))
    return rows


def _fills_in_code(reading) -> tuple[int, int, int, int]:
    """Fills in prose, unsure ones among them, fills in code fences, unsure ones among them
    (the seed pages' lost bytes are unknown: what the repair is unsure of is what a reader
    must check)."""
    code = repair_tree.fence_lines(reading.text)
    prose = [fill for fill in reading.report.fills if fill.repaired_line - 1 not in code]
    fenced = [fill for fill in reading.report.fills if fill.repaired_line - 1 in code]
    return len(prose), sum(fill.low_confidence for fill in prose), len(fenced), sum(fill.low_confidence for fill in fenced)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="written sentences only, three code pages")
    parser.add_argument("--languages", nargs="+", default=LANGUAGES)
    parser.add_argument("--codepages", nargs="+")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=SHAPES)
    parser.add_argument("--itself", action="store_true", help="each damaged text is in its own corpus, as in use")
    parser.add_argument("--parts", type=int, default=WRITTEN_PARTS, help="parts the written sentences are held out in")
    parser.add_argument("--tree", type=Path, help="a docs tree (PATH/<language>/...): measure its pages instead (see repair_tree.py)")
    parser.add_argument("--pages", type=int, default=TREE_PAGES, help="with --tree: pages held out per language")
    args = parser.parse_args(argv)
    codepages = args.codepages or (QUICK_CODEPAGES if args.quick or args.tree else CODEPAGES)
    _no_reading_cache()
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    if args.tree:
        repair_tree.report(args.tree, args.languages, list(codepages), args.pages, _distance)
        return 0
    print(f"{'lang':4} {'codepage':8} {'shape':5} {'holes':>6} {'chars':>7} {'CER repair':>10} {'err/hole':>8} {'CER U+FFFD':>10} {'ms/page':>8}  detected")
    for language in args.languages:
        for codepage in codepages:
            for shape in args.shapes:
                row = measure(language, codepage, shape, args.quick, args.itself, args.parts)
                if row["cer"] is None:
                    print(f"{language:4} {codepage:8} {shape:5} {'undamaged: the channel loses no byte of this text':>50}")
                    continue
                print(
                    f"{language:4} {codepage:8} {shape:5} {row['holes']:6d} {row['chars']:7d} {100 * row['cer']:9.3f}% "
                    f"{100 * row['per_hole']:7.2f}% {100 * row['baseline']:9.2f}% {row['ms_per_page']:8.1f}  {row['detected']}"
                )
                sys.stdout.flush()
    if not args.quick:
        print("\nseed pages as they are (warm; fills in prose and in code fences, unsure ones among them):")
        for name, seconds, reading in seed_pages():
            prose, prose_unsure, fenced, fenced_unsure = _fills_in_code(reading)
            print(
                f"  {name:45} {reading.report.codepage:8} {reading.report.holes:5d} holes {1000 * seconds:8.1f} ms"
                f"  prose {prose:5d} ({prose_unsure} unsure)  code {fenced:3d} ({fenced_unsure} unsure)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
