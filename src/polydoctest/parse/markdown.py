"""markdown-it-py set up for the MDX dialect of the Hugging Face docs.

CommonMark reads a line such as `<pt>` or `<Tip>` as the start of an HTML block that runs to
the next blank line, so a fence directly under `<pt>` disappears into it (and its closing
fence then opens a new block). In MDX a component tag is an element of its own and the
Markdown around it is still Markdown. The `mdx_tags` block rule below gives every line that
starts with a tag a token of its own, one line long, before CommonMark's HTML-block rule can
see it; comments (`<!-- -->`) and raw-text elements (`<pre>`, `<script>` ...) are left to
CommonMark, so a fence inside a comment stays inside the comment.

Nothing is rewritten: token line maps are lines of the text as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.front_matter import front_matter_plugin

# One JSX/HTML tag: attribute values may be quoted or a JSX `{expression}` without nesting.
TAG_RE = re.compile(
    r"""<(?P<close>/)?(?P<name>[A-Za-z][\w.:-]*)"""
    r"""(?P<attrs>(?:\s+[^\s"'{}<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{[^{}]*\}|[^\s"'{}<>]+))?)*)"""
    r"""\s*(?P<selfclosing>/)?>"""
)
ATTR_RE = re.compile(r"""([^\s"'{}<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{([^{}]*)\}|([^\s"'{}<>]+)))?""")

# CommonMark HTML-block type 1: their content is raw text, not Markdown.
RAW_TEXT_ELEMENTS = frozenset({"pre", "script", "style", "textarea"})


@dataclass(frozen=True)
class Tag:
    """A component tag: `<name attrs>`, `</name>` or `<name attrs/>`."""

    name: str
    attrs: tuple[tuple[str, str], ...]
    closing: bool
    self_closing: bool

    def attr(self, key: str) -> str | None:
        return next((value for name, value in self.attrs if name == key), None)


def tags_at_start(line: str) -> tuple[list[Tag], bool]:
    """The tags a line starts with, and whether the line holds nothing but tags."""
    tags: list[Tag] = []
    pos = 0
    while match := TAG_RE.match(line, pos):
        attrs = tuple(
            (m.group(1), next((g for g in m.groups()[1:] if g is not None), ""))
            for m in ATTR_RE.finditer(match["attrs"])
        )
        tags.append(Tag(match["name"], attrs, bool(match["close"]), bool(match["selfclosing"])))
        pos = match.end()
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    return tags, pos == len(line)


def mdx_tags(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule: a line starting with a component tag is one `mdx_tags` token.

    Only a line of nothing but tags may interrupt a paragraph: inline HTML at the start of a
    wrapped prose line stays prose.
    """
    if state.is_code_block(start_line):
        return False
    line = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    tags, only_tags = tags_at_start(line)
    if not tags or tags[0].name.lower() in RAW_TEXT_ELEMENTS:
        return False
    if silent:
        return only_tags
    token = state.push("mdx_tags", "", 0)
    token.map = [start_line, start_line + 1]
    token.content = line
    token.meta = {"tags": tags}
    state.line = start_line + 1
    return True


@cache
def markdown_parser() -> MarkdownIt:
    """The shared parser: CommonMark + front matter + MDX component lines."""
    md = MarkdownIt("commonmark").use(front_matter_plugin)
    md.block.ruler.before(
        "html_block",
        "mdx_tags",
        mdx_tags,
        {"alt": ["paragraph", "reference", "blockquote"]},
    )
    return md
