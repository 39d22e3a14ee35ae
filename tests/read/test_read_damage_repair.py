"""Damage clean sentences with each code page and repair them.

The sentences are written for these tests (not taken from the seed pages); the model gets the
seed pages of the language as corpus, as the harness gives it a page's neighbours. Rates over
many sentences are measured by benchmarks/repair.py; here typical sentences must come back
exactly under cp1252/cp1254, and under the lossier code pages the repair must be consistent
with the channel and far better than replacement characters.
"""

from __future__ import annotations

import pytest
from read_support import DOCS

from polydoctest.read import damage, repair_text
from polydoctest.read.corpus import gather

SENTENCES = {
    "ar": [
        "في هذا الدليل، ستتعلم كيفية ضبط نموذج مدرب مسبقًا.",
        "يمكنك أيضًا استخدام الفئة المناسبة لتحميل المعالج.",
        "قم بتعريف معلمات التدريب في الفئة المخصصة لذلك.",
        "فيما يلي مثال على كيفية فعل ذلك.",
        "تعرف على المزيد حول الفئات المتوفرة في المكتبة.",
        "هذه الطريقة مفيدة عند العمل مع مجموعات بيانات كبيرة.",
    ],
    "ko": [
        "이 함수는 모델의 예측을 반환합니다.",
        "학습이 끝나면 모델을 허브에 업로드할 수 있습니다.",
        "다음 예제에서는 파이프라인을 사용합니다.",
        "토크나이저는 텍스트를 토큰으로 나눕니다.",
        "자세한 내용은 문서를 참고하세요.",
    ],
    "zh": [
        "定义训练参数，然后开始训练。",
        "所有文件都应保存在同一个文件夹中。",
        "下面是一个简单的例子。",
        "训练器提供了完整的训练循环。",
    ],
}
# Hard cases (see the notes): a particle or a function character that only the surrounding
# words decide. Word lists don't know which words go together; the running text of the
# installed translation catalogs does.
HARD = {
    "ko": "모델을 학습시키기 전에 데이터를 전처리합니다.",  # 전에 'before' vs 전역 'global'
    "zh": "在本教程中，你将学习如何微调模型。",  # 中 'in' vs 不 'not'
}
CASES = [(language, sentence) for language, sentences in SENTENCES.items() for sentence in sentences]


def _repair(sentence: str, language: str, codepage: str):
    damaged = damage(sentence, codepage)
    return damaged, repair_text(damaged, language=language, corpus=gather([DOCS / language], language))


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254"])
@pytest.mark.parametrize(("language", "sentence"), CASES)
def test_western_code_pages_are_repaired_exactly(language, sentence, codepage):
    damaged, reading = _repair(sentence, language, codepage)
    assert damaged != sentence
    assert reading.text == sentence


@pytest.mark.parametrize("language", sorted(HARD))
def test_words_only_their_neighbours_decide(language):
    assert _repair(HARD[language], language, "cp1252")[1].text == HARD[language]


def _errors(truth: str, guess: str) -> int:
    """Differing characters; both texts have the same length wherever the fills do."""
    return sum(a != b for a, b in zip(truth, guess)) + abs(len(truth) - len(guess))


@pytest.mark.parametrize("codepage", ["cp1250", "cp1251", "cp1256", "latin-1", "cp874", "tis-620"])
@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_lossy_code_pages_are_repaired_consistently(language, codepage):
    text = "\n".join(SENTENCES[language])
    damaged, reading = _repair(text, language, codepage)
    report = reading.report
    # The detected code page explains the damage exactly (cp874 and TIS-620, say, can both).
    assert report.codepage is not None and damage(text, report.codepage) == damaged
    assert damage(reading.text, report.codepage) == damaged
    assert report.holes == report.filled > 0
    baseline = damaged.encode(report.codepage.replace("-", "_")).decode("utf-8", errors="replace")
    assert _errors(text, reading.text) <= 0.5 * _errors(text, baseline)


@pytest.mark.parametrize(("language", "codepage"), [("ko", "cp1254"), ("zh", "cp1252")])
def test_a_repeated_passage_is_repaired_the_same_each_time(language, codepage):
    # Pages repeat their phrases, and the repair does the work for each kind of hole once:
    # every copy after the first (which starts at the top of the page) reads the same.
    passage = "\n".join(SENTENCES[language])
    _, reading = _repair("\n".join([passage] * 3), language, codepage)
    assert reading.text == "\n".join([passage] * 3)
    fills = reading.report.fills
    per_copy = len(fills) // 3
    assert per_copy and len(fills) == 3 * per_copy
    second, third = fills[per_copy : 2 * per_copy], fills[2 * per_copy :]
    assert [(f.chosen, f.confidence, f.alternatives) for f in second] == [(f.chosen, f.confidence, f.alternatives) for f in third]
    assert [f.line + len(SENTENCES[language]) for f in second] == [f.line for f in third]
