"""The damage channel and detection on text built for each code page."""

from __future__ import annotations

import pytest

from polydoctest.read import CODEPAGES, damage, repair_text
from polydoctest.read.damage.channel import lost_bytes
from polydoctest.read.damage.detect import detect


def test_damage_decodes_with_the_code_page():
    assert damage("café", "cp1252") == "cafÃ©"
    assert damage("café", "cp1254") == "cafÃ©"
    assert damage("🙂", "cp1252") == "ðŸ™‚"
    assert damage("🙂", "cp1254") == "ğŸ™‚"


def test_undefined_bytes_and_format_characters_vanish():
    # 'م' is D9 85: TIS-620 leaves 0x85 undefined, cp874 has '…' there.
    assert damage("م", "tis-620") == "ู"
    assert damage("م", "cp874") == "ู…"
    # The soft hyphen (0xAD) survives decoding as a Cf character and is stripped.
    assert damage("ح", "cp1252") == "Ø"
    # Cp1256 maps 0xFE to U+200F, a format character: stripped too.
    assert 0xFE in lost_bytes("cp1256")


def test_tis620_loses_the_whole_c1_range():
    assert set(range(0x80, 0xA1)) <= lost_bytes("tis-620")
    assert not {0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xA0} & lost_bytes("cp874")


def test_ascii_and_newlines_pass_untouched():
    text = "x = 1  # commentaire: déjà\r\n\ttab\n"
    for codepage in CODEPAGES:
        damaged = damage(text, codepage)
        assert damaged.count("\n") == 2 and damaged.startswith("x = 1  # commentaire: d")


@pytest.mark.parametrize(
    ("text", "codepage"),
    [
        ("Модель обучается на данных и сохраняется в каталоге.", "cp1252"),
        ("Модель обучается на данных и сохраняется в каталоге.", "cp1250"),
        ("Το μοντέλο εκπαιδεύεται στα δεδομένα.", "cp1251"),
        ("문장을 토큰으로 나눈 다음 모델에 전달합니다.", "cp1256"),
        ("文本分类是一项常见的任务。", "tis-620"),
        ("مرحبا بكم في الدليل", "latin-1"),
    ],
)
def test_detection_finds_the_code_pages_that_explain_the_damage(text, codepage):
    damaged = damage(text, codepage)
    found = detect(damaged)
    # Code pages that turn the text into the same characters are all kept for the repair to
    # tell apart; each of them is consistent with the damage, and the true one is among them.
    explained = [found.codepage] + [candidate.codepage for candidate in found.equivalents]
    assert codepage in explained


@pytest.mark.parametrize(("codepage", "kept_by_the_other"), [("tis-620", "cp874"), ("latin-1", "cp1252")])
def test_the_repair_tells_equivalent_code_pages_apart(codepage, kept_by_the_other):
    # 'م' and 'ن' are D9 85 / D9 86: bytes that TIS-620 and latin-1 lose but cp874 and cp1252
    # keep; only fills that need them show which code page it was.
    text = "يمكنك الآن استخدام النموذج من المكتبة لتصنيف النصوص."
    damaged = damage(text, codepage)
    assert damaged != damage(text, kept_by_the_other)
    report = repair_text(damaged, language="ar").report
    assert report.codepage == codepage
    assert kept_by_the_other not in report.equivalent_codepages


def test_detection_tells_cp1252_from_cp1254():
    text = "Liste: 🙂 positif, 🙁 négatif"
    assert detect(damage(text, "cp1252")).codepage == "cp1252"
    assert detect(damage(text, "cp1254")).codepage == "cp1254"
