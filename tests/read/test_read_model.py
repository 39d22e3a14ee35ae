"""The character model reads a batch of texts exactly as reading one character at a time would.

`CharModel.read` takes every position of every text at once (and switches between looking up
all strings at once and length by length, and reads long batches in parts); none of that may
change a single bit of what it returns, for a model of one layer or a mixture of two. The
models here are estimated from a few sentences written for these tests, so the tables are
small and build in well under a second.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from polydoctest.read.models.base_model import MIN_COUNTS, ORDER
from polydoctest.read.models.marks import MarkCounts, estimate_marks
from polydoctest.read.models.model import CharModel, Layer, State
from polydoctest.read.models.table import _slots_and_fingerprints, build_table, lookup
from polydoctest.read.models.training import estimate
from polydoctest.read.search.beam import padded_codes

TRAINING = """이 가이드에서는 모델을 불러와 추론에 사용하는 방법을 설명합니다.
토크나이저를 사용해 텍스트를 모델이 이해할 수 있는 숫자로 바꿉니다.
모델을 저장소에 업로드하면 커뮤니티와 공유할 수 있습니다.
يشرح هذا الدليل كيفية تحميل نموذج مدرب مسبقًا واستخدامه للتنبؤ.
نستخدم المُجزِّئ لتحويل النصوص إلى أرقام يفهمها النموذج.
本指南介绍如何加载预训练模型并将其用于推理。
我们使用分词器把文本转换成模型能够理解的数字。"""
# Texts read after contexts: seen and unseen strings, marks (one misplaced after a space, a
# tanween inside a word), an unseen script, and an empty text.
CONTEXTS = ["", "\n", "이 가이드", "모델을 저장소에", "يشرح هذا", "本指南介绍", "xyz 12", "나는"]
TEXTS = [
    "에서는 모델을",
    "를 사용해",
    "소에 업로드하면 커뮤",
    "الدليل كيفية",
    "المُجزِّئ",
    " ُلا",
    "مًسبق",
    "如何加载",
    "Ωμέγα",
    "",
    "니다.\n이",
]


def _layer(lines: list[str]) -> Layer:
    found = estimate([(line, 1.0) for line in lines], ORDER, MIN_COUNTS)
    return Layer(build_table(found.hashes, found.log_probs, found.log_backoffs), found.log_root_backoff)


def _model(layers: tuple[Layer, ...], shares: tuple[float, ...]) -> CharModel:
    nothing = MarkCounts({}, 0, {})
    marks = estimate_marks(MarkCounts.of(TRAINING.split("\n")), nothing, nothing)
    return CharModel(layers, tuple(math.log(share) for share in shares), ORDER, marks, "test")


LINES = TRAINING.split("\n")
# The Korean and Chinese sentences, and the Arabic ones with the first Korean one.
LAYERS = (_layer(LINES[:3] + LINES[5:]), _layer(LINES[:1] + LINES[3:5]))


@pytest.fixture(scope="module", params=["one layer", "two layers"])
def model(request) -> CharModel:
    if request.param == "one layer":
        return _model((_layer(LINES),), (1.0,))
    return _model(LAYERS, (0.7, 0.3))


def _batch(model: CharModel, copies: int = 1):
    """Every text after every context (`copies` times over), with the states to read them after."""
    pairs = [(context, text) for context in CONTEXTS for text in TEXTS] * copies
    state = model.state_after([context for context, _ in pairs])
    codes, lengths = padded_codes([text for _, text in pairs])
    return state, codes, lengths


def _assert_same(first: tuple[np.ndarray, State], second: tuple[np.ndarray, State]) -> None:
    (total, state), (other_total, other_state) = first, second
    assert total.tobytes() == other_total.tobytes()
    for name in ("hashes", "backoffs", "depth", "placement"):
        assert getattr(state, name).tobytes() == getattr(other_state, name).tobytes(), name


def test_a_batch_reads_as_one_character_at_a_time(model):
    state, codes, lengths = _batch(model)
    total = np.zeros(len(codes))
    after = state
    for column in range(codes.shape[1]):
        # Rows whose text has ended read nothing more: their state stays as it was.
        live = np.flatnonzero(lengths > column)
        scores, grown = model.read(after.take(live), codes[live, column : column + 1], np.ones(len(live), dtype=np.int64))
        total[live] += scores
        after = State(*(getattr(after, name).copy() for name in ("hashes", "backoffs", "depth", "placement")))
        for name in ("hashes", "backoffs", "depth", "placement"):
            getattr(after, name)[live] = getattr(grown, name)
    _assert_same(model.read(state, codes, lengths), (total, after))


def test_a_row_reads_the_same_alone_as_in_any_batch(model):
    # Hundreds of copies make a batch long enough to be looked up length by length and read
    # in parts; a row alone is looked up all at once.
    state, codes, lengths = _batch(model, copies=300)
    together = model.read(state, codes, lengths)
    for row in range(len(CONTEXTS) * len(TEXTS)):
        alone = model.read(state.take([row]), codes[[row]], lengths[[row]])
        copy = row + len(CONTEXTS) * len(TEXTS) * 299
        _assert_same(alone, (together[0][[copy]], together[1].take([copy])))


def test_a_text_read_in_two_parts_leaves_the_same_state(model):
    state, codes, lengths = _batch(model)
    total, after = model.read(state, codes, lengths)
    cut = np.minimum(lengths, 3)
    first, middle = model.read(state, codes[:, :3], cut)
    rest = np.zeros_like(codes)
    for row, (start, end) in enumerate(zip(cut.tolist(), lengths.tolist())):
        rest[row, : end - start] = codes[row, start:end]
    second, end_state = model.read(middle, rest, lengths - cut)
    for name in ("hashes", "backoffs", "depth", "placement"):
        assert getattr(after, name).tobytes() == getattr(end_state, name).tobytes(), name
    # The two sums add the same scores, grouped otherwise.
    assert np.allclose(first + second, total, rtol=0, atol=1e-9)


def _probe_one_slot_at_a_time(table: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Linear probing as the table is built: from the home slot on, to the fingerprint or an
    empty slot."""
    bits = int(len(table)).bit_length() - 1
    slots, fingerprints = _slots_and_fingerprints(hashes, bits)
    found = []
    for slot, fingerprint in zip(slots.tolist(), fingerprints.tolist()):
        while table[slot] and int(table[slot]) >> 32 != fingerprint:
            slot = (slot + 1) % len(table)
        found.append(int(table[slot]) if table[slot] else 0)
    return np.array(found, dtype=np.uint64)


def test_lookup_finds_what_probing_slot_by_slot_finds():
    rng = np.random.default_rng(0)
    stored = rng.integers(0, 2**63, 6000, dtype=np.uint64)
    # A table at its fullest (half its slots), so that long probe sequences occur.
    table = build_table(stored[:4096], rng.uniform(-20, 0, 4096), rng.uniform(-5, 0, 4096))
    assert np.count_nonzero(table) == len(table) // 2
    queries = np.concatenate([stored, rng.integers(0, 2**63, 6000, dtype=np.uint64)])
    for batch in (queries, queries[:300], queries[-40:]):
        assert np.array_equal(lookup(table, batch), _probe_one_slot_at_a_time(table, batch))


def test_a_mixture_gives_each_character_the_weighted_sum_of_its_layers_probabilities():
    mixture = _model(LAYERS, (0.7, 0.3))
    alone = [_model((layer,), (1.0,)) for layer in LAYERS]
    pairs = [(context, text[:1]) for context in CONTEXTS for text in TEXTS if text and not text.startswith((" ", "ُ"))]
    codes, lengths = padded_codes([text for _, text in pairs])
    contexts = [context for context, _ in pairs]

    def probabilities(model: CharModel) -> np.ndarray:
        return np.exp(model.read(model.state_after(contexts), codes, lengths)[0])

    expected = 0.7 * probabilities(alone[0]) + 0.3 * probabilities(alone[1])
    assert np.allclose(probabilities(mixture), expected, rtol=1e-5, atol=0)
