"""The drift stage on the real steps of the five seed pages."""

from __future__ import annotations

import re

import pytest

from polydoctest.drift import Action, rewrite, tensorflow_reason
from polydoctest.pycode import defined_names, used_names

V4_46 = {"transformers": "4.46.3", "datasets": "3.6.0", "huggingface_hub": "0.36.0", "evaluate": "0.4.6"}
V4_57 = {"transformers": "4.57.6", "datasets": "4.4.1", "huggingface_hub": "0.36.0", "evaluate": "0.4.6"}
V5_0 = {"transformers": "5.0.0", "datasets": "4.4.1", "huggingface_hub": "1.3.0", "evaluate": "0.4.6"}
V5_23 = {"transformers": "5.23.0", "datasets": "5.2.0", "huggingface_hub": "2.4.0", "evaluate": "0.4.6"}
STACKS = {"4.46": V4_46, "4.57": V4_57, "5.0": V5_0, "5.23": V5_23}


def findings(steps, versions):
    return [(step, finding) for step in steps for finding in rewrite(step.code, versions).findings]


def rules_with(steps, versions, action):
    return {finding.rule for _, finding in findings(steps, versions) if finding.action is action}


@pytest.mark.parametrize("page", ["ko/tasks/sequence_classification.md", "zh/tasks/sequence_classification.md"])
def test_text_classification_pages_get_both_rewrites_on_5x(seed_steps, page):
    steps = seed_steps[page]
    assert {"transformers.eval-strategy", "transformers.trainer-tokenizer"} <= rules_with(steps, V5_23, Action.REWRITTEN)
    trainer_step = next(s for s in steps if "Trainer(" in s.code)
    rewritten = rewrite(trainer_step.code, V5_23).source
    assert 'eval_strategy="epoch"' in rewritten and "processing_class=tokenizer" in rewritten
    assert "evaluation_strategy" not in rewritten and "    tokenizer=tokenizer" not in rewritten


@pytest.mark.parametrize("page", ["ko/tasks/sequence_classification.md", "zh/tasks/sequence_classification.md"])
def test_text_classification_pages_on_4x(seed_steps, page):
    steps = seed_steps[page]
    on_4_46 = {f.rule: f.action for _, f in findings(steps, V4_46)}
    assert on_4_46["transformers.eval-strategy"] is Action.STALE
    assert on_4_46["transformers.trainer-tokenizer"] is Action.STALE
    on_4_57 = {f.rule: f.action for _, f in findings(steps, V4_57)}
    assert on_4_57["transformers.eval-strategy"] is Action.REWRITTEN
    assert on_4_57["transformers.trainer-tokenizer"] is Action.STALE


def test_quicktour_gets_the_trainer_rewrite_on_5x(seed_steps):
    steps = seed_steps["ar/quicktour.md"]
    assert "transformers.trainer-tokenizer" in rules_with(steps, V5_23, Action.REWRITTEN)


def test_arabic_text_classification_needs_neither(seed_steps):
    steps = seed_steps["ar/tasks/sequence_classification.md"]
    for versions in STACKS.values():
        seen = {f.rule for _, f in findings(steps, versions)}
        assert not seen & {"transformers.eval-strategy", "transformers.trainer-tokenizer"}
    assert rules_with(steps, V5_23, Action.REWRITTEN) == set()


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_every_rewritten_step_still_compiles(seed_steps, stack):
    rewritten = 0
    for steps in seed_steps.values():
        for step in steps:
            result = rewrite(step.code, STACKS[stack])
            if result.source != step.code:
                rewritten += 1
                compile(result.source, f"{step.page}:{step.line}", "exec")
                assert len(result.origins) == result.source.count("\n")
    assert rewritten > 0


def test_collators_and_callbacks_keep_their_tokenizer(seed_steps):
    for steps in seed_steps.values():
        for step in steps:
            if "DataCollator" in step.code or "PushToHubCallback(" in step.code:
                for versions in STACKS.values():
                    assert "tokenizer=tokenizer" in rewrite(step.code, versions).source


def test_quicktour_tensorflow_steps_are_found_without_tags(seed_steps):
    steps = seed_steps["ar/quicktour.md"]
    detected = {step.line for step in steps if tensorflow_reason(step.code)}
    # TFAutoModel in a <tf> tab (145); everything else outside any tag: tf_batch (211),
    # from_tf=True (267), TFAutoModel (274), the Keras training section (402, 425, 434).
    assert detected == {145, 211, 267, 274, 402, 425, 434}


def _tagged_tensorflow_lines(path) -> list[range]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if re.match(r"\s*<tf>", line)]
    ends = [i + 1 for i, line in enumerate(lines) if re.match(r"\s*</tf>", line)]
    return [range(start, end) for start, end in zip(starts, ends, strict=True)]


@pytest.mark.parametrize("page", ["ko/tasks/sequence_classification.md", "ar/tasks/token_classification.md"])
def test_tagged_tensorflow_steps_are_found_by_content(seed_steps, pages_dir, page):
    sections = _tagged_tensorflow_lines(pages_dir / page)
    steps = seed_steps[page]
    inside = [s for s in steps if any(s.line in section for section in sections)]
    outside = [s for s in steps if s not in inside]
    assert not [s.line for s in outside if tensorflow_reason(s.code)]
    undetected = [s for s in inside if not tensorflow_reason(s.code)]
    # The one TF step with no TF content only lists callbacks; it reads names that only
    # TensorFlow steps define, which is how the runner knows to skip it.
    assert [s.code for s in undetected] == ["callbacks = [metric_callback, push_to_hub_callback]\n"]
    tensorflow_only = set().union(*(defined_names(s.code) for s in inside if tensorflow_reason(s.code)))
    tensorflow_only -= set().union(*(defined_names(s.code) for s in outside))
    assert used_names(undetected[0].code) <= tensorflow_only
