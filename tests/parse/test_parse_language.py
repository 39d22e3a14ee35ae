"""Page language: from the docs tree path, else from the script of the text."""

from __future__ import annotations

import pytest

from polydoctest.parse import parse_page
from polydoctest.parse.language import language_from_path, language_from_text


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("docs/source/ar/tasks/token_classification.md", "ar"),
        ("/abs/transformers/docs/source/zh/quicktour.md", "zh"),
        ("docs\\source\\ko\\tasks\\x.md", "ko"),
        ("docs/source/pt-BR/index.md", "pt-BR"),
        ("guides/quicktour.md", None),
        ("docs/source/api.md", None),
    ],
)
def test_language_from_path(path, language):
    assert language_from_path(path) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("# تصنيف النص\n\n```py\n>>> from transformers import pipeline\n```\n", "ar"),
        ("# 텍스트 분류\n\n```py\n>>> x = 1\n```\n", "ko"),
        ("# 文本分类\n\n文本分类是一项常见的NLP任务。\n", "zh"),
        ("# クイックツアー\n\nこのガイドではパイプラインを使います。\n", "ja"),
        ("# Быстрый старт\n", "ru"),
        ("# Quick tour\n\nUse the pipeline for 🤗 inference: café.\n", "en"),
        ("", "en"),
    ],
)
def test_language_from_text(text, language):
    assert language_from_text(text) == language


def test_path_wins_over_text():
    assert parse_page("# 文本分类\n", "docs/source/ko/x.md").language == "ko"
    assert parse_page("# 文本分类\n").language == "zh"
