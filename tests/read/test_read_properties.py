"""Properties over arbitrary input: no crash, clean text untouched, ASCII never made worse."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polydoctest.errors import InputError
from polydoctest.read import CODEPAGES, damage, read_page, repair_text

# English keeps the model small and quick to build; the properties don't depend on it.
LANGUAGE = "en"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _ascii(text: str) -> str:
    return re.sub(r"[^\x00-\x7f]", "", text)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_read_or_refuse(tmp_path, data):
    page = tmp_path / "page.md"
    page.write_bytes(data)
    try:
        reading = read_page(page, language=LANGUAGE)
    except InputError as error:
        assert str(error)
    else:
        assert reading.original == data.decode("utf-8")


@FAST
@given(st.text(max_size=300))
def test_any_text_is_repaired_or_refused(text):
    try:
        reading = repair_text(text, language=LANGUAGE)
    except InputError:
        return
    assert reading.original == text
    assert _ascii(reading.text) == _ascii(text)


# Scripts no single-byte code page produces (Hangul, Han, emoji), Arabic letters (which cp1256
# maps to bytes that never form UTF-8) and printable ASCII: text that cannot be mojibake.
CLEAN_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.characters(min_codepoint=0x1F600, max_codepoint=0x1F64F),
    st.characters(min_codepoint=0x0621, max_codepoint=0x064A),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from("\n\t"),
)


@FAST
@given(st.text(CLEAN_CHARACTERS, min_size=1, max_size=300))
def test_clean_text_round_trips_unchanged(text):
    reading = repair_text(text, language=LANGUAGE)
    assert reading.report.codepage is None
    assert reading.text.encode("utf-8") == text.encode("utf-8")


# Anything but control characters the channel strips (they are lost whatever the repair does).
PAGE_CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="") | st.sampled_from("\n\t")


@FAST
@given(st.text(PAGE_CHARACTERS, max_size=200), st.sampled_from(CODEPAGES))
def test_damage_then_repair_never_changes_ascii(text, codepage):
    reading = repair_text(damage(text, codepage), language=LANGUAGE)
    assert _ascii(reading.text) == _ascii(text)
    assert reading.text.count("\n") == text.count("\n")
