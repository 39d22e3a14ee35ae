"""Combining marks go where a writer can put them: on a letter, and tanween only at a word's end.

Under cp1252/cp1254 the damma, the kasra and the kasratan lose a byte exactly like the letter
ف, and nothing in the word lists says which marks occur where (they carry no marks), so a
repair that weighs marks by frequency alone puts a kasratan inside a word or a damma on a space.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from read_support import DOCS

from polydoctest.read import damage, repair_text
from polydoctest.read.corpus import gather
from polydoctest.read.models.hashing import codes_of
from polydoctest.read.models.marks import LOG_MISPLACED_MARK, NO_BASE, placed

TANWEEN = "\u064b\u064c\u064d"
# A tanween followed by a letter of its own word (other than the alef that carries fathatan).
_MID_WORD_TANWEEN = re.compile(f"[{TANWEEN}][\u064b-\u0652]*[\u0621-\u0626\u0628-\u0648\u064a]")
# A combining mark with no letter under it.
_MARK_WITHOUT_BASE = re.compile(r"(?:^|[\s.,،؛؟!:])[\u064b-\u0652]", re.M)


def _penalties(text: str) -> list[float]:
    placement = np.array([NO_BASE], dtype=np.int8)
    found = []
    for char in text:
        penalty, placement = placed(codes_of(char), placement)
        found.append(float(penalty[0]))
    return found


def _misplaced(text: str) -> list[bool]:
    return [penalty == pytest.approx(LOG_MISPLACED_MARK) for penalty in _penalties(text)]


def test_tanween_inside_a_word_is_misplaced():
    # "تٍعد": kasratan on the first letter, then the rest of the word.
    assert _misplaced("تٍعد") == [False, False, True, False]
    # Fathatan before the alef that carries it ends the word well; other marks sit anywhere.
    assert not any(_misplaced("مسبقًا "))
    assert not any(_misplaced("تُعد"))


def test_a_mark_needs_a_letter_under_it():
    assert _misplaced(" ُي") == [False, True, False]
    assert _misplaced("،ِ") == [False, True]
    # Variation selector 16 sits on an emoji.
    assert not any(_misplaced("❤️"))


SENTENCES = [
    "تُعد هذه الطريقة مفيدة عندما تكون البيانات المتاحة قليلة.",
    "تُرجع الدالة القيم الاحتمالية لكل فئة، ثم نختار أكبرها.",
    "يُفضَّل استخدام بيئة افتراضية لتفادي تعارض الإصدارات.",
    "إذا واجهت مشكلة، فيمكنك طرح سؤالك في المنتدى.",
    "نحفظ النموذج أيضًا، ويمكن تحميله لاحقًا دون اتصال.",
]


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254"])
def test_repairs_never_misplace_a_mark(codepage):
    text = "\n".join(SENTENCES)
    reading = repair_text(damage(text, codepage), language="ar", corpus=gather([DOCS / "ar"], "ar"))
    assert not _MID_WORD_TANWEEN.search(reading.text), reading.text
    assert not _MARK_WITHOUT_BASE.search(reading.text), reading.text
