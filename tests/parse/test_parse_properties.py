"""Properties of `parse_page` on arbitrary Markdown-ish text.

Pages come from translators and from encoding repair, so the parser must never crash, and
every line number it hands out must point into the page, at the text it claims is there.
"""

from __future__ import annotations

import dataclasses
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polydoctest.parse import Page, parse_page

MARKDOWNISH_LINES = [
    "```py", "```python title=\"x.py\"", "```", "```bash", "```console", "```json", "  ```py",
    "~~~py", "~~~", "````", ">>> x = 1", ">>> !pip install x", "...     y = 2", "... ", ">>>",
    "...", "\t>>> t = 1", "  >>> indented = 1", "pip install foo", "!pip install foo",
    "%pip install bar", "$ ls", "<pt>", "</pt>", "<tf>", "</tf>", "<frameworkcontent>",
    "</frameworkcontent>", '<hfoption id="PyTorch">', '<hfoption id="other">', "</hfoption>",
    "<hfoptions id=\"x\">", "<Tip warning={true}>", "</Tip>", '<Youtube id="abc"/>',
    "<!--", "-->", "<!-- c -->", "<pre>", "</pre>", "<div>", "> [!TIP]", "> ```py",
    "> >>> z = 3", "> ...     w", "- item", "  ```", "1. step", "   ```py", "# Heading[[anchor]]",
    "## 见", "Setext", "---", "===", "Pytorch隐藏 Pytorch 内容", "TensorFlow\ufffd TensorFlow 内",
    "", "   ", "output 1", "    indented code", "x = 1  # doctest: +ELLIPSIS",
    "تصنيف النص", "텍스트 분류",
]

lines = st.one_of(st.sampled_from(MARKDOWNISH_LINES), st.text(max_size=30))
pages = st.builds(
    lambda parts, newline, final: newline.join(parts) + (newline if final else ""),
    st.lists(lines, max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
)


def page_lines(text: str) -> list[str]:
    """The page's lines as the model numbers them (markdown-it's newline and NUL handling)."""
    text = re.sub(r"\r\n?", "\n", text).replace("\0", "\ufffd")
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


def assert_lines_hold(page: Page, lines: list[str]) -> None:
    for fence in page.fences:
        assert 1 <= fence.line_start <= fence.line_end <= len(lines), fence
        assert all(fence.line_start < line <= fence.line_end for line in fence.stray_lines)
    starts = [fence.line_start for fence in page.fences if not fence.commented]
    assert starts == sorted(starts)
    assert [step.index for step in page.steps] == list(range(len(page.steps)))
    for step in page.steps:
        fence = page.fences[step.fence]
        assert not fence.commented
        assert fence.line_start < step.line_start <= step.line_end <= fence.line_end, (step, fence)
        source = step.source.split("\n")[:-1]
        expected = step.expected.split("\n")[:-1] if step.expected else []
        assert source, step
        assert step.line_end == step.line_start + len(source) + len(expected) - 1
        for offset, text in enumerate(source + expected):
            assert text.strip() in lines[step.line_start - 1 + offset], (step, offset)
        if step.kind == "doctest":
            assert ">>>" in lines[step.line_start - 1]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_markdownish_pages_parse_with_lines_that_hold(text):
    page = parse_page(text)
    assert_lines_hold(page, page_lines(text))
    json.dumps(dataclasses.asdict(page))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_parses(text):
    page = parse_page(text, "docs/source/xx/page.md")
    assert_lines_hold(page, page_lines(text))
