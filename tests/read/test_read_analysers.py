"""The Korean analyser's second opinion: it sets right the unsure fills the character model got
wrong, a word's fills together, and leaves the sure ones alone."""

from __future__ import annotations

import pytest

pytest.importorskip("kiwipiepy")

from polydoctest.read import damage, repair_text  # noqa: E402
from polydoctest.read.models.language_model import load_model  # noqa: E402
from polydoctest.read.search.analysers import analyser, second_opinion  # noqa: E402
from polydoctest.read.search.beliefs import Belief  # noqa: E402


def test_the_analyser_prefers_the_particle_that_belongs():
    # "전에" (before) and "전역" (global) share their damaged form under cp1252; the phrase
    # around the hole says which one the sentence needs.
    text = "모델을 학습하기 전역 데이터를 준비합니다."
    at = text.index("역")
    fills, beliefs = second_opinion(load_model("ko"), text, [at], ["역"], {0: Belief((("역", 0.6), ("에", 0.4)))}, analyser("ko"))
    assert fills == ["에"]
    assert beliefs[0].shares[0][0] == "에"
    assert sum(share for _, share in beliefs[0].shares) == pytest.approx(1.0)


def test_the_unsure_fills_of_one_word_are_read_together():
    # Under TIS-620 "줄이는" and "중이나" share their damaged form; each fill taken alone,
    # with the other as its neighbour, looks right.
    text = "메모리가 부족하면 배치 크기를 중이나 것이 좋습니다."
    first, second = text.index("중"), text.index("나")
    beliefs = {0: Belief((("중", 0.6), ("줄", 0.4))), 1: Belief((("나", 0.6), ("는", 0.4)))}
    fills, after = second_opinion(load_model("ko"), text, [first, second], ["중", "나"], beliefs, analyser("ko"))
    assert fills == ["줄", "는"]
    assert all(sum(share for _, share in belief.shares) == pytest.approx(1.0) for belief in after.values())


def test_a_sure_fill_is_left_alone():
    text = "모델을 학습하기 전역 데이터를 준비합니다."
    at = text.index("역")
    beliefs = {0: Belief((("역", 0.995), ("에", 0.005)))}
    assert second_opinion(load_model("ko"), text, [at], ["역"], beliefs, analyser("ko")) == (["역"], beliefs)


def test_a_korean_page_damaged_through_cp1254_comes_back_exact():
    page = (
        "# 모델 미세 조정하기\n\n"
        "사전 훈련된 모델을 미세 조정하면 처음부터 학습하는 것보다 시간과 비용을 크게 줄일 수 있습니다.\n"
        "이 가이드에서는 데이터셋을 불러오고, 토크나이저로 전처리한 뒤, 모델을 학습하고 평가하는 방법을 설명합니다.\n\n"
        "```py\n>>> from transformers import AutoTokenizer\n>>> tokenizer = AutoTokenizer.from_pretrained(\"bert-base-cased\")\n```\n\n"
        "학습을 시작하기 전에 평가 지표를 정의하고, 학습이 끝나면 결과를 저장소에 업로드하세요.\n"
    )
    reading = repair_text(damage(page, "cp1254"), language="ko")
    assert reading.report.codepage == "cp1254" and reading.report.holes
    assert reading.text == page


def test_a_word_damaged_through_tis_620_comes_back_whole():
    # Under TIS-620 both syllables of "하면" lose a byte; the character model alone, each fill
    # taking the other as right, reads "평면" (a plane), which no sentence here needs.
    sentence = "메모리가 부족하면 배치 크기를 줄이는 것이 좋습니다."
    reading = repair_text(damage(sentence, "tis-620"), language="ko")
    assert reading.report.codepage in ("tis-620", "cp874") and reading.report.holes > 10
    assert "부족하면" in reading.text.split()
