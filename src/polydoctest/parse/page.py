"""Text -> page model: walk the markdown-it tokens in document order.

The walk keeps the context a fence needs (current heading, tab markup in force), classifies
each fence, and hands its body to the splitter for its kind. Fences inside an HTML comment
are found by parsing the comment's body with the same parser; they are recorded as
commented out and yield no steps.

A fence left open is a `parse.unterminated-fence` problem, never silence. CommonMark reads
everything up to the next line that can close it as its code: the rest of the page, or the
text up to the closing line of a later fence, whose opening line (a fence line with an info
string, which cannot close) then sits in the body. The fence is read as ending before such a
line, and the text from there on is parsed again, so the later fences still yield their steps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from polydoctest.parse.chunk import Chunk
from polydoctest.parse.directives import directives
from polydoctest.parse.examples import has_prompt, split_examples
from polydoctest.parse.frameworks import TabTracker
from polydoctest.parse.language import page_language
from polydoctest.parse.markdown import markdown_parser
from polydoctest.parse.model import Fence, FenceKind, Page, Problem, Section, Step
from polydoctest.parse.shell import shell_fence, split_code

PYTHON_LANGUAGES = frozenset({"py", "python", "python3", "py3", "pycon", "ipython", "ipython3"})
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session", "shellsession"})

# markdown-it's own newline normalisation, so that our line numbers are its line numbers.
NEWLINE_RE = re.compile(r"\r\n?")
ANCHOR_RE = re.compile(r"\s*\[\[([^\[\]]*)\]\]\s*$")
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
FENCE_LINE_RE = re.compile(r"^ {0,3}(?P<marker>`{3,}|~{3,})(?P<info>.*)$")
UNTERMINATED = "parse.unterminated-fence"


def fence_kind(language: str, body: list[str]) -> FenceKind:
    """Python fences are doctest or code by their prompts; an unlabelled one only if prompted."""
    language = language.lower()
    if language in SHELL_LANGUAGES:
        return "shell"
    if language in PYTHON_LANGUAGES or not language:
        if has_prompt(body):
            return "doctest"
        return "code" if language else "other"
    return "other"


def section_of(inline: Token, level: int, line: int) -> Section:
    title = " ".join(inline.content.split("\n")).strip()
    anchor = ANCHOR_RE.search(title)
    if anchor is None:
        return Section(title, level, None, line)
    return Section(title[: anchor.start()].strip(), level, anchor.group(1).strip(), line)


def fence_line_info(line: str, marker: str) -> str | None:
    """The info string of `line` if it is a fence line that could close a fence opened with
    `marker` but for its info string ("" for a closing line); None if it is no such line."""
    match = FENCE_LINE_RE.match(line)
    if match is None or match["marker"][0] != marker[0] or len(match["marker"]) < len(marker):
        return None
    return match["info"].strip()


def comment_body(html: str) -> str | None:
    """The inside of an HTML-comment block, same number of lines; None if not a comment."""
    stripped = html.lstrip()
    if not stripped.startswith(COMMENT_OPEN):
        return None
    body = html.replace(COMMENT_OPEN, "", 1)
    close = body.rfind(COMMENT_CLOSE)
    return body if close < 0 else body[:close] + body[close + len(COMMENT_CLOSE) :]


@dataclass
class PageWalk:
    """State of one walk over a page's tokens; `lines` are the page's lines."""

    lines: list[str]
    tabs: TabTracker = field(default_factory=TabTracker)
    section: Section | None = None
    sections: list[Section] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def walk(self, tokens: list[Token], line_offset: int = 0, commented: bool = False) -> None:
        for i, token in enumerate(tokens):
            if token.type == "fence" and token.map:
                self.add_fence(token, line_offset, commented)
            elif token.type == "html_block" and token.map:
                body = comment_body(token.content)
                if body is not None:
                    inner = markdown_parser().parse(body)
                    self.walk(inner, line_offset + token.map[0], commented=True)
            elif commented:
                continue
            elif token.type == "heading_open" and token.map:
                self.section = section_of(tokens[i + 1], int(token.tag[1:]), token.map[0] + 1)
                self.sections.append(self.section)
                self.tabs.on_heading()
            elif token.type == "paragraph_open":
                self.tabs.on_paragraph(tokens[i + 1].content.split("\n", 1)[0])
            elif token.type == "mdx_tags":
                for tag in token.meta["tags"]:
                    self.tabs.on_tag(tag)

    def add_fence(self, token: Token, line_offset: int, commented: bool) -> None:
        assert token.map is not None
        info = token.info.strip()
        language = info.split(maxsplit=1)[0] if info else ""
        body = token.content.removesuffix("\n").split("\n") if token.content else []
        # The body starts on the line after the opening fence line.
        body_line = line_offset + token.map[0] + 2
        end_line = line_offset + token.map[1]
        if not commented:
            body, end_line = self.check_closed(token, body, body_line, end_line)
        kind = fence_kind(language, body)
        chunks, stray = self.chunks(kind, body)
        tab = self.tabs.current
        fence = Fence(
            index=len(self.fences),
            info=info,
            language=language,
            kind=kind,
            framework=tab.framework if tab else None,
            tab=tab.label if tab else None,
            section=self.section,
            line_start=line_offset + token.map[0] + 1,
            line_end=end_line,
            commented=commented,
            stray_lines=tuple(body_line + i for i in stray),
        )
        self.fences.append(fence)
        if commented:
            return
        for chunk in chunks:
            self.steps.append(self.step(fence, chunk, body_line))
        if end_line < line_offset + token.map[1]:
            rest = self.lines[end_line : line_offset + token.map[1]]
            self.walk(markdown_parser().parse("\n".join(rest) + "\n"), end_line)

    def check_closed(self, token: Token, body: list[str], body_line: int, end_line: int) -> tuple[list[str], int]:
        """The body and last line of a fence, cut before a line that opens another fence; a
        problem if it is not closed where it should be."""
        opened = body_line - 1
        for i, line in enumerate(body):
            if fence_line_info(line, token.markup):
                message = (
                    f"the fence opened at line {opened} is not closed before line {body_line + i}, "
                    "which opens another fence; it is read as ending there"
                )
                self.problems.append(Problem(UNTERMINATED, opened, message))
                return body[:i], body_line + i - 1
        # The closing line as written: blockquote markers and list indentation in front.
        closed = end_line > opened and fence_line_info(self.lines[end_line - 1].lstrip(" \t>"), token.markup) == ""
        if not closed:
            message = f"the fence opened at line {opened} is never closed: the rest of the page is read as its code"
            self.problems.append(Problem(UNTERMINATED, opened, message))
        return body, end_line

    @staticmethod
    def chunks(kind: FenceKind, body: list[str]) -> tuple[list[Chunk], tuple[int, ...]]:
        if kind == "doctest":
            split = split_examples(body)
            return list(split.chunks), split.stray
        if kind == "code":
            return split_code(body), ()
        if kind == "shell":
            return shell_fence(body), ()
        return [], ()

    def step(self, fence: Fence, chunk: Chunk, body_line: int) -> Step:
        source = "".join(line + "\n" for line in chunk.source)
        line_start = body_line + chunk.start
        return Step(
            index=len(self.steps),
            kind=chunk.kind,
            framework=fence.framework,
            tab=fence.tab,
            section=fence.section,
            line_start=line_start,
            line_end=line_start + len(chunk.source) + len(chunk.expected) - 1,
            source=source,
            expected="".join(line + "\n" for line in chunk.expected),
            directives=directives(source) if chunk.kind != "shell" else (),
            fence=fence.index,
        )


def parse_page(text: str, path: str | None = None) -> Page:
    """Parse a guide page (repaired text) into its page model; see `model` for the guarantees."""
    text = NEWLINE_RE.sub("\n", text)
    walk = PageWalk(text.split("\n"))
    walk.walk(markdown_parser().parse(text))
    return Page(
        path=path,
        language=page_language(path, text),
        sections=tuple(walk.sections),
        fences=tuple(walk.fences),
        steps=tuple(walk.steps),
        problems=tuple(walk.problems),
    )
