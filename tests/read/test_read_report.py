"""A reading survives the disk cache as it was: what is stored is what `asdict` would give."""

from __future__ import annotations

import json
from dataclasses import asdict

from polydoctest.read import damage, repair_text
from polydoctest.read.report import reading_from_dict, reading_to_dict


def test_a_reading_round_trips_through_json():
    text = "تُعد هذه الطريقة مفيدة.\n이 함수는 모델의 예측을 반환합니다.\n"
    reading = repair_text(damage("يُفضَّل استخدام بيئة افتراضية لتفادي تعارض الإصدارات.\n", "cp1252"), language="ar")
    assert reading.report.fills
    stored = json.loads(json.dumps(reading_to_dict(reading), ensure_ascii=False))
    assert stored == json.loads(json.dumps(asdict(reading), ensure_ascii=False))
    assert reading_from_dict(stored) == reading
    clean = repair_text(text)
    assert reading_from_dict(json.loads(json.dumps(reading_to_dict(clean)))) == clean
