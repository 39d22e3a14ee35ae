"""The repair's models are built once per language and install; a docs tree's pages are a light layer.

What a user of a docs tree relies on: the first run builds each language's base model once
(several languages side by side, announced as a phase), and editing a page of the tree costs
only its light corpus layer, never a new base.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from polydoctest import progress
from polydoctest.files import CACHE_VARIABLE
from polydoctest.read import damage, repair_text
from polydoctest.read.models.base_model import base_key, build_bases
from polydoctest.read.models.language_model import load_model

PAGE = """# 모델 공유하기

이 가이드에서는 학습한 모델을 허브에 업로드하고 다른 사람들과 공유하는 방법을 설명합니다.
모델을 저장소에 올리기 전에 토크나이저와 설정 파일도 함께 저장하세요.
"""
OTHER_PAGE = """# 추론

파이프라인을 사용하면 몇 줄의 코드로 모델을 불러와 추론할 수 있습니다.
"""


def _folders(root) -> set[str]:
    models = root / "models"
    return {entry.name for entry in models.iterdir() if entry.is_dir() and not entry.name.startswith(".")} if models.is_dir() else set()


def _size(folder) -> int:
    return sum(entry.stat().st_size for entry in folder.iterdir())


@pytest.fixture(scope="module")
def empty_cache(tmp_path_factory):
    """A cache of its own for this module (its bases are built once, by the first test)."""
    root = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(root))
        yield root


@pytest.fixture
def log():
    """What the command line would print on standard error in a log (not a terminal)."""
    stream = io.StringIO()
    progress.show_on(Console(file=stream, force_terminal=False, width=200))
    yield stream
    progress.show_on(None)


def test_the_bases_of_two_languages_are_built_at_once_with_progress_and_only_once(empty_cache, log):
    build_bases(["ko", "zh", "ko"])
    assert _folders(empty_cache) == {base_key("ko"), base_key("zh")}
    lines = log.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repair models: building the base for ko, zh") and "2/2" in lines[0]

    build_bases(["zh", "ko"])
    assert _folders(empty_cache) == {base_key("ko"), base_key("zh")}
    assert len(log.getvalue().splitlines()) == 1


def test_an_edited_page_of_the_tree_costs_a_corpus_layer_not_a_base(empty_cache):
    damaged = damage(PAGE, "cp1252")
    first = repair_text(damaged, language="ko", corpus=(PAGE, OTHER_PAGE))
    assert first.text == PAGE
    built = _folders(empty_cache)

    edited = OTHER_PAGE + "모델 카드에는 모델의 한계와 학습 데이터를 적어 주세요.\n"
    second = repair_text(damaged, language="ko", corpus=(PAGE, edited))
    assert second.text == PAGE
    added = _folders(empty_cache) - built
    assert len(added) == 1 and base_key("ko") not in added
    base = empty_cache / "models" / base_key("ko")
    assert _size(empty_cache / "models" / added.pop()) < _size(base) / 100
    assert load_model("ko", (PAGE, edited)).layers[0].table.shape == load_model("ko").layers[0].table.shape
