"""Checks shared by the parse tests: page-model figures and the line mapping guarantee."""

from __future__ import annotations

from collections import Counter

from polydoctest.parse import Page, Step


def counts(page: Page) -> dict[str, object]:
    """The figures a golden test pins."""
    runnable = [fence for fence in page.fences if not fence.commented]
    return {
        "fences": len(page.fences),
        "fence kinds": dict(Counter(fence.kind for fence in page.fences)),
        "commented fences": len(page.fences) - len(runnable),
        "fences per framework": dict(Counter(fence.framework for fence in runnable)),
        "steps": len(page.steps),
        "steps per kind": dict(Counter(step.kind for step in page.steps)),
        "steps per framework": dict(Counter(step.framework for step in page.steps)),
        "steps with expected output": sum(bool(step.expected) for step in page.steps),
        "sections": len(page.sections),
        "stray lines": sum(len(fence.stray_lines) for fence in page.fences),
    }


def page_lines_hold_steps(page: Page, lines: list[str]) -> None:
    """Assert each source and expected line of each step sits on the page line the model says."""
    for step in page.steps:
        source = step.source.split("\n")[:-1]
        expected = step.expected.split("\n")[:-1] if step.expected else []
        assert step.line_end == step.line_start + len(source) + len(expected) - 1, step
        for offset, text in enumerate(source + expected):
            assert text.strip() in lines[step.line_start - 1 + offset], (step.index, offset)


def step_at(page: Page, line: int) -> Step:
    return next(step for step in page.steps if step.line_start == line)
