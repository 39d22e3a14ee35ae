"""The findings of a page joined by part: what a maintainer fixes at once is one finding.

A translation made from an older original differs from it section by section: the original
rewrote a section, and the translation has its own steps where the original's are. Reported
step by step, that is a step missing beside a step added many times over. Here the reference
steps missing in one section of the original (runs of them between the steps the page does)
are one finding with the page steps in their place: `outdated` when the page has steps of its
own there, which also takes in the section's steps whose code differs (the section is to be
translated again), `missing` when it has none. Steps the page adds elsewhere are one finding
per top heading of the page. A lone missing step or added step stays as it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from polydoctest.parse import Page
from polydoctest.reference.align import AlignedStep, Alignment, ExtraStep
from polydoctest.reference.findings import Finding
from polydoctest.reference.model import Guide

# Steps the page adds under one heading of this level (or above) are one finding.
PART_LEVEL = 2
# How many of the calls a finding of several page steps names.
EXTRA_CALLS = 6
# This many reference steps missing in one part of the original are one finding, however many.
GROUPED_MISSING = 2

Gap = tuple[list[str], tuple[int, ...]]
"""Reference steps no page step does, and the page steps the page has in their place."""


def by_part(page: Page, alignment: Alignment, findings: Mapping[str, Finding], sources: Mapping[int, str]) -> tuple[Finding, ...]:
    """The page's findings: `findings` (one per reference step, in the guide's order) with the
    missing steps joined by part, then the steps the page adds."""
    grouped, absorbed = _gap_findings(alignment.guide, alignment, findings, sources)
    extras = _extra_findings(page, [extra for extra in alignment.extra if extra.page_step not in absorbed], sources)
    return (*grouped, *extras)


def _extra_findings(page: Page, extras: list[ExtraStep], sources: Mapping[int, str]) -> list[Finding]:
    """A finding per page step no reference step does, those in one part of the page (under one
    top heading) joined: a part the translation has and the reference does not is one thing."""
    parts: dict[str, list[ExtraStep]] = {}
    for extra in extras:
        parts.setdefault(_part(page, extra.page_step), []).append(extra)
    found = []
    for part, items in parts.items():
        indexes = tuple(extra.page_step for extra in items)
        if len(items) == 1:
            message = f"page step {indexes[0]}: {items[0].reason}"
        else:
            calls = [f"`{callee}`" for callee in dict.fromkeys(c for extra in items for c in extra.calls)]
            message = (
                f"{part}: {len(items)} page steps ({', '.join(map(str, indexes))}) that no reference step does"
                + (f" (they call {', '.join(calls[:EXTRA_CALLS])}{', …' if len(calls) > EXTRA_CALLS else ''})" if calls else "")
                + ": the translation has code here that the reference does not, an older version of this part or steps of its own"
            )
        found.append(Finding("extra", None, indexes, message, "", "".join(sources.get(index, "") for index in indexes)))
    return found


def _part(page: Page, index: int) -> str:
    """The top heading (level 2 or above) a page step is under, as the page writes it."""
    line = next(step.line_start for step in page.steps if step.index == index)
    heading = next((s for s in reversed(page.sections) if s.level <= PART_LEVEL and s.line <= line), None)
    if heading is None:
        return "the page"
    return f"section «{heading.title}»" + (f" [[{heading.anchor}]]" if heading.anchor else "")


def _gap_findings(
    guide: Guide, alignment: Alignment, findings: Mapping[str, Finding], sources: Mapping[int, str]
) -> tuple[list[Finding], set[int]]:
    """The findings in guide order, the reference steps missing in one part of the original
    (runs of them, `_gaps`, joined by section) made one finding with the page steps the page has
    in their place: the translation follows an older version of that part (`outdated`), or
    lacks it (`missing`). A lone missing step without a page step in its place stays as it is.
    Also the page steps the parts took in."""
    parts = _by_section(guide, _gaps(guide, alignment))
    first_of = {ids[0]: (ids, extra) for ids, extra in parts if len(ids) >= GROUPED_MISSING or extra}
    # A part the original rewrote: its steps whose code differs are that part too.
    rewritten = {ids[0]: _same_section(guide, ids, findings) if extra else [] for ids, extra in first_of.values()}
    inside = {step_id for ids, _ in first_of.values() for step_id in ids} | {f.reference_step for fs in rewritten.values() for f in fs}
    result: list[Finding] = []
    for step_id, finding in findings.items():
        if step_id in first_of:
            ids, extra = first_of[step_id]
            absent = [findings[i] for i in ids if i in findings]
            result.append(_gap_finding(guide, ids, extra, absent, rewritten[step_id], sources))
        elif step_id not in inside:
            result.append(finding)
    return result, {index for ids, extra in first_of.values() for index in extra}


def _same_section(guide: Guide, ids: list[str], findings: Mapping[str, Finding]) -> list[Finding]:
    """The code-differs findings of the original's steps in the sections `ids` are in."""
    sections = {guide.step(step_id).section for step_id in ids} - {None}
    return [
        finding
        for step_id, finding in findings.items()
        if finding.kind == "code-differs" and step_id not in ids and guide.step(step_id).section in sections
    ]


def _gaps(guide: Guide, alignment: Alignment) -> list[Gap]:
    """Runs of reference steps no page step does (not even in TensorFlow or as code that does
    not parse), each with the extra page steps between the page steps around it."""
    missing = {m.reference_step for m in alignment.missing if not m.unparsed and not m.tensorflow_steps}
    extra = sorted(e.page_step for e in alignment.extra)
    taken: set[int] = set()
    gaps: list[Gap] = []
    run: list[str] = []
    before = -1
    for step in (*guide.steps, None):
        if step is not None and step.id in missing:
            run.append(step.id)
            continue
        own = _page_steps(alignment, step.id) if step is not None else ()
        after = min(own, default=math.inf) if step is not None else math.inf
        if run:
            between = tuple(index for index in extra if before < index < after and index not in taken)
            taken.update(between)
            gaps.append((run, between))
            run = []
        before = max(own, default=before)
    return gaps


def _by_section(guide: Guide, gaps: list[Gap]) -> list[Gap]:
    """The gaps, those in the same section of the original joined: a part rewritten is
    reported once, however many steps of the translation still align inside it."""
    joined: dict[object, tuple[list[str], tuple[int, ...]]] = {}
    for position, (ids, extra) in enumerate(gaps):
        section = guide.step(ids[0]).section
        key = section if section is not None else position
        known, more = joined.get(key, ([], ()))
        joined[key] = ([*known, *ids], (*more, *extra))
    return list(joined.values())


def _page_steps(alignment: Alignment, step_id: str) -> tuple[int, ...]:
    found = alignment.find(step_id)
    return found.page_steps if isinstance(found, AlignedStep) else (*found.unparsed, *found.tensorflow_steps)


def _gap_finding(
    guide: Guide,
    ids: list[str],
    extra: tuple[int, ...],
    absent: list[Finding],
    differing: list[Finding],
    sources: Mapping[int, str],
) -> Finding:
    """One finding for a gap: `absent` are its steps' own findings, `differing` the findings of
    the steps around it in the same part of the original whose code differs."""
    order = {step.id: position for position, step in enumerate(guide.steps)}
    steps = sorted((guide.step(step_id) for step_id in {*ids, *(f.reference_step for f in differing)}), key=lambda s: order[s.id])
    sections = list(dict.fromkeys(step.section for step in steps if step.section))
    where = ("section " + ", ".join(f"«{title}»" for title in sections)) if sections else "the reference"
    listed = ", ".join(f"`{step_id}`" for step_id in ids)
    if extra:
        pages = ", ".join(map(str, extra))
        message = (
            f"{where}: the page does this part differently: the reference's {_plural('step', ids)} {listed} "
            f"{'have' if len(ids) > 1 else 'has'} no counterpart here, and page {_plural('step', extra)} {pages} in "
            f"{'their' if len(ids) > 1 else 'its'} place {'do' if len(extra) > 1 else 'does'} what the reference does not"
            + "".join(f"; {finding.message}" for finding in differing)
            + ": the translation follows an older version of this part; translate it again from the current original"
        )
    else:
        message = f"{where}: {len(ids)} steps of the reference are missing ({listed}): the page lacks this part"
    page_steps = tuple(sorted({*extra, *(index for finding in differing for index in finding.page_steps)}))
    return Finding(
        "outdated" if extra else "missing",
        ids[0],
        page_steps,
        message,
        "".join(step.code for step in steps),
        "".join(sources.get(index, "") for index in page_steps),
        tuple(d for finding in differing for d in finding.differences),
        tuple(m for finding in differing for m in finding.mismatches),
        tuple(dict.fromkeys(c for finding in (*absent, *differing) for c in finding.consequences)),
    )


def _plural(word: str, items: Sequence[object]) -> str:
    return word + ("s" if len(items) > 1 else "")
