"""A page on tiktoken files: a Llama 3 repo's `original/` tokenizer converts through
transformers' TikToken converter into the stand-in's own vocabulary, an encoding the page builds
itself converts to a fast tokenizer offline, and OpenAI's named encodings (downloads) are
stand-ins that round-trip text, each file said so."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, run_pages, write_page

pytestmark = pytest.mark.xdist_group("tiktoken")

PAGE = "\n".join(
    [
        "# tiktoken files",
        "",
        fence(
            ">>> from transformers import AutoTokenizer",
            '>>> model_id = "meta-llama/Meta-Llama-3-8B-Instruct"',
            '>>> tokenizer = AutoTokenizer.from_pretrained(model_id, subfolder="original")',
            '>>> full = AutoTokenizer.from_pretrained(model_id)',
            '>>> tokenizer("hello world")["input_ids"] == full("hello world", add_special_tokens=False)["input_ids"]',
            "True",
        ),
        fence(
            ">>> import tiktoken",
            ">>> from transformers import PreTrainedTokenizerFast",
            ">>> from transformers.integrations.tiktoken import convert_tiktoken_to_fast",
            '>>> ranks = {bytes([byte]): byte for byte in range(256)} | {b"ab": 256}',
            '>>> encoding = tiktoken.Encoding("mine", pat_str=r"\\S+|\\s+", mergeable_ranks=ranks, special_tokens={})',
            '>>> convert_tiktoken_to_fast(encoding, "my-tokenizer")',
            '>>> PreTrainedTokenizerFast.from_pretrained("my-tokenizer")("abc")["input_ids"]',
            "[256, 99]",
        ),
        fence(
            ">>> from tiktoken import get_encoding",
            '>>> gpt2 = get_encoding("gpt2")',
            '>>> text = "번역된 문서, 翻译的文档 and docs."',
            ">>> gpt2.decode(gpt2.encode(text)) == text, gpt2.n_vocab",
            "(True, 50257)",
            '>>> cl100k = get_encoding("cl100k_base")',
            ">>> cl100k.decode(cl100k.encode(text)) == text",
            "True",
        ),
    ]
)


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    return run_pages(runner, write_page(tmp_path_factory.mktemp("tiktoken"), "tiktoken.md", PAGE))


def results(report: RunReport) -> list:
    return list(report.pages[0].results)


def test_the_original_folder_converts_to_the_stand_ins_own_tokens(report):
    original = results(report)[:5]
    assert [result.verdict for result in original] == ["passed"] * 5
    assert original[-1].output_check.status == "exact"


def test_an_encoding_the_page_builds_converts_offline(report):
    built = results(report)[5:12]
    assert [result.verdict for result in built] == ["passed"] * 7
    assert built[-1].output_check.status == "exact"


def test_a_named_openai_encoding_is_a_stand_in_that_round_trips_and_says_so(report):
    named = results(report)[12:]
    assert [result.verdict for result in named] == ["passed"] * 6
    assert (named[3].output_check.status, named[5].output_check.status) == ("exact", "exact")
    gpt2, cl100k = named[1], named[4]
    host = "https://openaipublic.blob.core.windows.net"
    assert [(finding.rule, finding.message) for finding in gpt2.findings] == [
        ("harness.stand-in", f"served a stand-in tiktoken file for {host}/gpt-2/encodings/main/{name}: the real file was not checked")
        for name in ("vocab.bpe", "encoder.json")
    ]
    assert [finding.message for finding in cl100k.findings] == [
        f"served a stand-in tiktoken file for {host}/encodings/cl100k_base.tiktoken: the real file was not checked"
    ]
