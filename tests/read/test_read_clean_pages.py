"""Clean text is recognised as clean and handed back byte for byte."""

from __future__ import annotations

import pytest

from polydoctest.read import repair_text

CLEAN = {
    "arabic": "# تصنيف النص\n\nيمكنك استخدام النموذج للتنبؤ، ثم حفظه في المستودع.\n",
    "korean": "# 텍스트 분류\n\n모델을 불러와서 추론에 사용하세요.\n",
    "chinese": "# 文本分类\n\n加载模型，然后用它进行推理。\n",
    "ascii": "# Text classification\n\n>>> from transformers import pipeline\n",
    "emoji": "Hello 🤗 Transformers! 🙂 positive, 🙁 negative, 😐 neutral. ⚠️\n",
    "accented latin": "Je suis heureux de vous présenter la bibliothèque 🤗 Transformers.\n",
    "arabic with marks": "يُعيّن النموذج تصنيفًا لكل نص.\n",
    "byte order mark": "\ufeff# عنوان\n",
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_clean_text_is_returned_unchanged(name):
    text = CLEAN[name]
    reading = repair_text(text)
    assert reading.report.codepage is None
    assert reading.text.encode("utf-8") == text.encode("utf-8")
    assert reading.original is text
    assert reading.report.fills == () and reading.report.holes == 0


def test_a_clean_report_says_how_sure_it_is():
    assert repair_text(CLEAN["korean"]).report.detection_confidence == 1.0
