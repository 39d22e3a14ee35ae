"""Honest confidence: what the repair gets wrong, its report lists as unsure."""

from __future__ import annotations

from polydoctest.read import damage, is_confident, repair_text

# Written for this test: an Arabic paragraph in the register of the guides. Under TIS-620 an
# Arabic page loses most of its letters' second bytes, and some fills come back wrong.
PARAGRAPH = (
    "يوضح هذا الدليل كيفية تحميل نموذج مدرب مسبقا وضبطه على مجموعة بيانات خاصة بك.\n"
    "قبل البدء، تأكد من تثبيت جميع المكتبات اللازمة، ثم قم بتسجيل الدخول إلى حسابك لرفع النموذج.\n"
    "بعد انتهاء التدريب، يمكنك تقييم النموذج على بيانات الاختبار ومشاركته مع المجتمع.\n"
)


def test_every_wrong_fill_is_listed_as_unsure():
    reading = repair_text(damage(PARAGRAPH, "tis-620"), language="ar")
    assert reading.report.codepage == "tis-620"
    unsure = {(fill.repaired_line, fill.repaired_column + offset) for fill in reading.report.low_confidence for offset in range(max(1, len(fill.chosen)))}
    wrong = 0
    for number, (clean, repaired) in enumerate(zip(PARAGRAPH.split("\n"), reading.text.split("\n")), 1):
        assert len(clean) == len(repaired)  # Arabic letters fill their holes one for one
        for column, (expected, got) in enumerate(zip(clean, repaired), 1):
            if expected != got:
                wrong += 1
                assert (number, column) in unsure, f"line {number} column {column}: {got!r} for {expected!r} reported as confident"
    assert wrong  # the paragraph is hard enough to get something wrong


def test_a_fill_beside_holes_needs_more_than_one_alone():
    # Under TIS-620 a fill beside other holes takes its neighbours' fills as right: a share
    # that would make a fill alone confident does not make it confident there.
    assert is_confident(0.99999, "ar", "tis-620", beside_holes=False)
    assert not is_confident(0.99999, "ar", "tis-620", beside_holes=True)
