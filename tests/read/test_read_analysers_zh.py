"""jieba's segmentation as a second opinion on Chinese fills: a character that makes a word with
its neighbours is preferred to one that merely fits the characters around it."""

from __future__ import annotations

import pytest

pytest.importorskip("jieba")

from polydoctest.read import damage, repair_text  # noqa: E402
from polydoctest.read.models.language_model import load_model  # noqa: E402
from polydoctest.read.search.analysers import analyser, second_opinion  # noqa: E402
from polydoctest.read.search.beliefs import Belief  # noqa: E402

# Under cp1252 and cp1254, "词" and "话" come out the same (both lose their last byte), and so
# can "步" and "来"; "分词" and "下一步" are words, "分话" and "下一来" are not.
SENTENCE = "下一步，我们用分词器处理文本。"


def test_the_segmenter_prefers_the_character_that_makes_a_word():
    text = SENTENCE.replace("步", "来")
    at = text.index("来")
    fills, beliefs = second_opinion(load_model("zh"), text, [at], ["来"], {0: Belief((("来", 0.6), ("步", 0.4)))}, analyser("zh"))
    assert fills == ["步"]
    assert sum(share for _, share in beliefs[0].shares) == pytest.approx(1.0)


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254"])
def test_a_chinese_sentence_damaged_through_the_code_page_comes_back_exact(codepage):
    damaged = damage(SENTENCE, codepage)
    assert damaged != SENTENCE
    reading = repair_text(damaged, language="zh")
    assert reading.text == SENTENCE
