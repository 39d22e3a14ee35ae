"""Alignment by content: which page steps do which reference step, the names they use, and how
their code differs. Pages here are built from the reference's own code, one statement per step
as a doctest page has them, then changed the way translations change."""

from __future__ import annotations

import ast
import re

import pytest

from polydoctest.drift import Action, installed_versions, rewrite
from polydoctest.reference import GUIDES, MissingStep, PageStep, align, identify
from polydoctest.reference.code import analyse_all
from polydoctest.reference.guides import TEXT_CLASSIFICATION, guide
from polydoctest.reference.jobs import left_out, observation_job

TF_COLLATOR = (
    "from transformers import DataCollatorWithPadding\n",
    'data_collator = DataCollatorWithPadding(tokenizer=tokenizer, return_tensors="tf")\n',
)


def statements(code: str) -> list[str]:
    tree = ast.parse(code)
    return [ast.get_source_segment(code, node) + "\n" for node in tree.body]


def page_of(guide_id: str, edit=lambda step_id, code: code, tensorflow=()) -> list[PageStep]:
    """One page step per statement of the reference, after `edit(step_id, code)`;
    `tensorflow` (step id, sources) pairs add TensorFlow twins after that step."""
    steps: list[PageStep] = []
    for ref_step in guide(guide_id).steps:
        code = edit(ref_step.id, ref_step.code)
        for source in statements(code) if code else []:
            steps.append(PageStep(len(steps), source, False))
        for after, sources in tensorflow:
            for source in sources if after == ref_step.id else ():
                steps.append(PageStep(len(steps), source, True))
    return steps


def test_a_faithful_page_aligns_step_for_step():
    for reference in GUIDES:
        alignment = align(reference, page_of(reference.id))
        assert [a.reference_step for a in alignment.aligned] == [s.id for s in reference.steps], reference.id
        assert all(a.status == "same" for a in alignment.aligned), [a.differences for a in alignment.aligned]
        assert alignment.missing == () and alignment.extra == ()


def test_own_names_and_a_moved_section_still_align_and_observations_use_the_page_names():
    def edit(step_id, code):
        return re.sub(r"\btokenized_imdb\b", "tokenized", re.sub(r"\bimdb\b", "dataset", code))

    steps = page_of("text-classification", edit)
    labels = [s for s in steps if s.source.startswith(("id2label", "label2id"))]
    moved = labels + [s for s in steps if s not in labels]  # the label maps come first
    alignment = align(TEXT_CLASSIFICATION, moved)
    assert alignment.missing == () and alignment.extra == ()
    tokenize = alignment.find("tokenize")
    assert tokenize.names["imdb"] == "dataset" and tokenize.names["tokenized_imdb"] == "tokenized"
    assert {s.index for s in labels} == set(alignment.find("labels").page_steps)
    job = observation_job(TEXT_CLASSIFICATION, TEXT_CLASSIFICATION.step("tokenize"), tokenize.names)
    assert job.mode == "observe" and job.name == "tokenize"
    assert any("tokenized['train']" in e for e in job.expressions.values())
    assert not any("imdb" in e for e in job.expressions.values())


def test_a_step_the_page_has_only_in_tensorflow_is_missing_with_that_reason():
    steps = page_of(
        "text-classification",
        lambda step_id, code: "" if step_id == "collator" else code,
        tensorflow=[("tokenize", TF_COLLATOR)],
    )
    alignment = align(TEXT_CLASSIFICATION, steps)
    missing = alignment.find("collator")
    assert isinstance(missing, MissingStep)
    assert "only in TensorFlow" in missing.reason and len(missing.tensorflow_steps) == 2
    assert alignment.extra == ()


def test_tensorflow_twins_are_listed_beside_the_pytorch_steps():
    steps = page_of("text-classification", tensorflow=[("collator", TF_COLLATOR)])
    collator = align(TEXT_CLASSIFICATION, steps).find("collator")
    assert len(collator.page_steps) == 2 and len(collator.tensorflow_steps) == 2


def test_a_step_no_reference_step_does_is_extra():
    steps = page_of("text-classification")
    steps.append(PageStep(len(steps), "import matplotlib.pyplot as plt\nplt.plot(trainer.state.log_history)\n", False))
    (extra,) = align(TEXT_CLASSIFICATION, steps).extra
    assert extra.page_step == len(steps) - 1 and "matplotlib.pyplot.plot" in extra.reason


def test_argument_values_that_differ_are_named_with_both_versions():
    def edit(step_id, code):
        code = code.replace("learning_rate=2e-5", "learning_rate=5e-5").replace("    weight_decay=0.01,\n", "")
        return code.replace('model="stevhliu/my_awesome_model"', 'model="distilbert/distilbert-base-uncased-finetuned-sst-2-english"')

    alignment = align(TEXT_CLASSIFICATION, page_of("text-classification", edit))
    args = alignment.find("training-args")
    assert [(d.call, d.argument, d.reference, d.page) for d in args.differences] == [
        ("transformers.TrainingArguments", "learning_rate", "2e-05", "5e-05"),
        ("transformers.TrainingArguments", "weight_decay", "0.01", None),
    ]
    assert {d.page_step for d in args.differences} == set(args.page_steps[-1:])
    (checkpoint,) = alignment.find("pipeline-inference").differences
    assert checkpoint.describe() == (
        "`transformers.pipeline` argument `model` is `'distilbert/distilbert-base-uncased-finetuned-sst-2-english'`, "
        "the reference has `'stevhliu/my_awesome_model'`"
    )
    assert [a.reference_step for a in alignment.aligned if a.differences] == ["training-args", "pipeline-inference"]


def test_the_model_loaded_from_the_directory_it_trained_into_is_the_pushed_one():
    """`pipeline(model="my_awesome_model")` after training into `output_dir="my_awesome_model"`
    loads what the reference loads from the repo pushed from there; another directory is not it."""

    def local(step_id, code):
        return code.replace('"stevhliu/my_awesome_model"', '"my_awesome_model"')

    alignment = align(TEXT_CLASSIFICATION, page_of("text-classification", local))
    assert all(a.differences == () for a in alignment.aligned)
    other = align(TEXT_CLASSIFICATION, page_of("text-classification", lambda i, code: local(i, code).replace('"my_awesome_model")', '"my_model")')))
    assert [(d.argument, d.reference, d.page) for d in other.find("pipeline-inference").differences] == [
        ("model", "'stevhliu/my_awesome_model'", "'my_model'")
    ]


def test_the_same_call_repeated_by_the_page_is_no_difference():
    steps = page_of("text-classification", lambda step_id, code: code + code if step_id == "collator" else code)
    assert align(TEXT_CLASSIFICATION, steps).find("collator").differences == ()


def test_dependencies_follow_names_and_declared_needs():
    assert TEXT_CLASSIFICATION.dependencies("tokenize") == {"load-dataset"}
    assert TEXT_CLASSIFICATION.dependencies("push") >= {"train", "login", "model", "training-args", "tokenize"}
    manual = TEXT_CLASSIFICATION.dependencies("manual-inference")
    assert {"push", "pipeline-inference", "train"} <= manual and "manual-inference" not in manual


@pytest.mark.parametrize("reference", GUIDES, ids=lambda g: g.id)
def test_the_reference_is_written_against_the_installed_libraries(reference):
    """Every step runs as written, but one whose API these libraries removed (a pipeline task
    transformers 5 dropped): that one is left out, with the drift stage's reason."""
    ids = [step.id for step in reference.steps]
    assert len(ids) == len(set(ids))
    versions = installed_versions()
    skipped = left_out(reference, versions)
    for step in reference.steps:
        drift = rewrite(step.code, versions)
        changed = [f for f in drift.findings if f.action is not Action.STALE]
        assert all(f.action is Action.REMOVED for f in changed), step.id
        assert skipped.get(step.id) == (changed[0].message if changed else None), step.id
        for observation in step.observations:
            ast.parse(observation.expression, mode="eval")


@pytest.mark.parametrize("reference", GUIDES, ids=lambda g: g.id)
def test_a_page_is_identified_by_its_content_whatever_its_name(reference):
    facts = analyse_all([s.source for s in page_of(reference.id)])
    found = identify(facts, "drafts/chapter-7.md")
    assert found is not None and found.guide is reference and not found.path_hint
    assert found.evidence


def test_a_page_that_is_no_guide_is_not_identified_even_with_a_guide_name():
    facts = analyse_all(["from transformers import pipeline", "classifier = pipeline('sentiment-analysis')", "classifier('hi')"])
    assert identify(facts, "docs/source/en/tasks/sequence_classification.md") is None
    assert identify(analyse_all(["print(1)"]), "quicktour.md") is None


def test_a_class_the_page_writes_under_the_name_the_reference_imports_does_that_step():
    """An older multiple choice page writes its own `DataCollatorForMultipleChoice` (with the
    imports only it needs) and passes one to the Trainer: that is the collator step, done
    differently, not a missing step and three extra ones."""
    own = (
        "from dataclasses import dataclass\n",
        "from typing import Optional\n",
        "@dataclass\nclass DataCollatorForMultipleChoice:\n    tokenizer: object\n    max_length: Optional[int] = None\n\n"
        "    def __call__(self, features):\n        labels = [feature.pop('label') for feature in features]\n"
        "        batch = self.tokenizer.pad(features, max_length=self.max_length, return_tensors='pt')\n"
        "        batch['labels'] = torch.tensor(labels)\n        return batch\n",
    )

    def edit(step_id, code):
        if step_id == "collator":
            return ""
        return code.replace("data_collator=data_collator", "data_collator=DataCollatorForMultipleChoice(tokenizer=tokenizer)")

    steps = page_of("multiple-choice", edit)
    at = next(s.index for s in steps if "AutoModelForMultipleChoice" in s.source or "evaluate" in s.source)
    sources = [s.source for s in steps[:at]] + list(own) + [s.source for s in steps[at:]]
    alignment = align(guide("multiple-choice"), [PageStep(i, source, False) for i, source in enumerate(sources)])
    assert alignment.missing == () and alignment.extra == ()
    collator = alignment.find("collator")
    assert collator.page_steps == (at, at + 1, at + 2)
    assert any(d.argument is None and d.reference == "called" for d in collator.differences)  # not transformers' class
    train = alignment.find("train")
    assert [d.argument for d in train.differences if d.argument] == ["data_collator"]


def test_a_translated_example_text_is_still_the_input_step():
    def edit(step_id, code):
        return code.replace("Somatic hypermutation allows the immune system to", "النص المترجم") if step_id == "input" else code

    alignment = align(guide("language-modeling"), page_of("language-modeling", edit))
    assert alignment.missing == () and alignment.extra == ()
    assert alignment.find("input").page_steps == (next(s.index for s in page_of("language-modeling") if s.source.startswith("prompt")),)
