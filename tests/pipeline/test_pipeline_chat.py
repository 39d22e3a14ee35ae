"""Chat templates: a chat model's stand-in ships one, whether its name says so or a catalog
row does; a base model's does not, so a page applying a template to it fails as on the Hub."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, page_results, page_verdicts, run_pages, write_page


def chat_page(repo_id: str) -> str:
    return fence(
        ">>> from transformers import AutoTokenizer",
        f'>>> tokenizer = AutoTokenizer.from_pretrained("{repo_id}")',
        '>>> text = tokenizer.apply_chat_template([{"role": "user", "content": "Hi"}], tokenize=False)',
        ">>> isinstance(text, str) and 'Hi' in text",
        "True",
    )


PAGES = {
    "named_chat.md": chat_page("HuggingFaceH4/zephyr-7b-beta"),
    "named_instruct.md": chat_page("mistralai/Mistral-7B-Instruct-v0.2"),
    "base.md": chat_page("mistralai/Mistral-7B-v0.1"),
}


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("chat")
    return run_pages(runner, *(write_page(folder, name, "# Page\n\n" + body) for name, body in PAGES.items()))


@pytest.mark.parametrize("name", ["named_chat.md", "named_instruct.md"])
def test_a_chat_models_tokenizer_applies_its_chat_template(report, name):
    assert page_verdicts(report, name) == ["passed"] * 4


def test_a_base_models_tokenizer_has_no_chat_template(report):
    assert page_verdicts(report, "base.md")[:3] == ["passed", "passed", "failed"]
