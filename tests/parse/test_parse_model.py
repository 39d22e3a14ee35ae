"""The page model is plain data with stable names."""

from __future__ import annotations

import dataclasses
import json

import pytest

from polydoctest.parse import parse_page

PAGE = """\
# Guide[[guide]]

<frameworkcontent>
<pt>
```py
>>> x = 1  # doctest: +SKIP
>>> x
1
```
</pt>
</frameworkcontent>
"""


def test_page_model_is_json_able_with_stable_names():
    data = json.loads(json.dumps(dataclasses.asdict(parse_page(PAGE, "docs/source/en/guide.md"))))
    assert set(data) == {"path", "language", "sections", "fences", "steps", "problems"}
    assert data["problems"] == []
    step = data["steps"][1]
    assert {"index", "kind", "framework", "section", "line_start", "line_end", "source", "expected", "directives", "fence"} <= set(step)
    assert step == {
        "index": 1,
        "kind": "doctest",
        "framework": "pt",
        "tab": "pt",
        "section": {"title": "Guide", "level": 1, "anchor": "guide", "line": 1},
        "line_start": 7,
        "line_end": 8,
        "source": "x\n",
        "expected": "1\n",
        "directives": [],
        "fence": 0,
    }
    assert data["steps"][0]["directives"] == ["+SKIP"]


def test_page_model_is_frozen():
    page = parse_page(PAGE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.steps[0].source = "y = 2\n"  # type: ignore[misc]
