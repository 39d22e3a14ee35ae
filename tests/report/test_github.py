"""GitHub workflow commands: the documented escaping, in properties and in the message."""

from __future__ import annotations

from polydoctest.report.github import Annotation


def test_properties_escape_colon_and_comma_and_the_message_keeps_them():
    annotation = Annotation("error", "docs/a,b:c.md", 3, "polydoctest: failed", "50% done: a, b\r\nnext")
    assert annotation.command() == (
        "::error file=docs/a%2Cb%3Ac.md,line=3,title=polydoctest%3A failed::50%25 done: a, b%0D%0Anext"
    )


def test_an_annotation_without_a_line_leaves_the_property_out():
    assert Annotation("error", "docs/x.md", None, "t", "m").command() == "::error file=docs/x.md,title=t::m"
