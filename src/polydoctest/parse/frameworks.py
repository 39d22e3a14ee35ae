"""Which framework tab a fence sits in, from the markup the page uses for tabs.

Three markups exist in the wild:

- `<frameworkcontent><pt>...</pt><tf>...</tf></frameworkcontent>` (older MDX pages);
- `<hfoptions id=...><hfoption id="PyTorch">...</hfoption></hfoptions>` (newer pages; an
  option may also be a non-framework choice such as `id="pipeline"`);
- pages scraped from the rendered doc site, where each tab became a plain line: the
  framework name, the site's "hide" word, the framework name again and its "content" word
  (`PytorchHide Pytorch content`, `Pytorch隐藏 Pytorch 内容`). Such a tab runs to the next
  tab line or the next heading.

The translated words of a tab line may come out of encoding repair damaged or shortened, so a
tab line is recognised by its shape: the same framework name twice, the rest a few short
words with no ASCII digits or punctuation.

This records the markup only; deciding from the code itself whether a step is TensorFlow is
not a parsing question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from polydoctest.parse.markdown import Tag
from polydoctest.parse.model import Framework

FRAMEWORK_NAMES: dict[str, Framework | None] = {
    "pt": "pt",
    "pytorch": "pt",
    "torch": "pt",
    "tf": "tf",
    "tensorflow": "tf",
    "jax": None,
    "flax": None,
}

# Tags that open a tab: frameworkcontent's children and hfoptions' children.
FRAMEWORK_TAGS = frozenset({"pt", "tf", "jax"})
OPTION_TAG = "hfoption"

TAB_LINE_NAME_RE = re.compile(r"pytorch|tensorflow|jax|flax", re.IGNORECASE)
TAB_LINE_MAX_WORD = 12
TAB_LINE_MAX_WORDS = 3


def framework_named(label: str) -> Framework | None:
    return FRAMEWORK_NAMES.get(label.strip().lower())


def tab_line_label(line: str) -> str | None:
    """The framework name a rendered tab line starts with, or None if it is not one."""
    line = line.strip()
    match = TAB_LINE_NAME_RE.match(line)
    if match is None:
        return None
    name = match.group()
    rest = line[match.end() :]
    again = rest.lower().find(name.lower())
    if again < 0:
        return None
    words = (rest[:again] + " " + rest[again + len(name) :]).split()
    if len(words) > TAB_LINE_MAX_WORDS:
        return None
    for word in words:
        if len(word) > TAB_LINE_MAX_WORD or any(c.isascii() and not c.isalpha() for c in word):
            return None
    return name


@dataclass(frozen=True)
class Tab:
    label: str
    framework: Framework | None


@dataclass
class TabTracker:
    """Follows tab markup in document order; `current` is the tab in force."""

    open_tags: list[tuple[str, Tab]] = field(default_factory=list)
    tab_line: Tab | None = None

    @property
    def current(self) -> Tab | None:
        # Component markup is explicit about where it ends, so it wins over a tab line.
        return self.open_tags[-1][1] if self.open_tags else self.tab_line

    def on_tag(self, tag: Tag) -> None:
        name = tag.name.lower()
        if name not in FRAMEWORK_TAGS and name != OPTION_TAG:
            return
        if tag.closing:
            # Close the innermost tab of that name; a stray closing tag changes nothing.
            for i in range(len(self.open_tags) - 1, -1, -1):
                if self.open_tags[i][0] == name:
                    del self.open_tags[i:]
                    break
        elif not tag.self_closing:
            label = (tag.attr("id") or "") if name == OPTION_TAG else tag.name
            self.open_tags.append((name, Tab(label, framework_named(label))))

    def on_heading(self) -> None:
        self.tab_line = None

    def on_paragraph(self, first_line: str) -> None:
        label = tab_line_label(first_line)
        if label is not None:
            self.tab_line = Tab(label, framework_named(label))
