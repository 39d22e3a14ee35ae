"""Recognise TensorFlow code by what it says, not by where the page puts it.

Pages mark framework sections inconsistently: tagged `<tf>` blocks, plain-text tab labels, or
TensorFlow code in the open between PyTorch steps (the Arabic quicktour). The runner combines
the page's section with this content check, so a TensorFlow step is recognised either way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import libcst as cst

from .rules import Match
from .step import Step, callee, dotted_name, is_true, string_value
from .versions import at_least, release

TENSORFLOW_MODULES = frozenset({"tensorflow", "tf_keras"})
KERAS_HELPERS = frozenset({"create_optimizer", "KerasMetricCallback", "PushToHubCallback", "AdamWeightDecay"})
TF_DATASET_METHODS = frozenset({"prepare_tf_dataset", "to_tf_dataset"})
KERAS_COMPILE_KEYWORDS = frozenset({"optimizer", "loss", "metrics"})
KERAS_FIT_KEYWORDS = frozenset({"epochs", "callbacks", "validation_data", "steps_per_epoch", "validation_steps"})
_TF_CLASS = re.compile(r"TF[A-Z]\w+")


@dataclass(frozen=True)
class TensorFlowUse:
    node: cst.CSTNode
    what: str


def tensorflow_uses(step: Step) -> list[TensorFlowUse]:
    """Every TensorFlow construct in the step, in source order."""
    uses = [*_imports(step), *_names(step), *_calls(step), *_arguments(step)]
    return sorted(uses, key=lambda use: step.line(use.node))


def tensorflow_reason(source: str) -> str | None:
    """Why this step is TensorFlow code, or None (also for code that does not parse)."""
    step = Step.parse(source)
    uses = tensorflow_uses(step) if step is not None else []
    if not uses:
        return None
    first = uses[0]
    return f"TensorFlow code: {first.what} (line {step.line(first.node)})"


def tensorflow_runnable(versions: Mapping[str, str]) -> str | None:
    """Why TensorFlow steps cannot run with these versions, or None when they can."""
    transformers = release(versions.get("transformers", ""))
    if transformers is not None and at_least(transformers, "5.0"):
        return f"transformers {versions['transformers']} has no TensorFlow support (removed in 5.0)"
    if "tensorflow" not in versions:
        return "TensorFlow is not installed"
    return None


@dataclass(frozen=True)
class TensorFlowCode:
    """Pattern for the catalog: one match per line that uses TensorFlow. `from_tf=True` is left
    to its own rule (transformers.from-tf-flax), which can rewrite it."""

    def find(self, step: Step) -> Iterator[Match]:
        seen: set[int] = set()
        for use in tensorflow_uses(step):
            if isinstance(use.node, cst.Arg) and use.node.keyword and use.node.keyword.value == "from_tf":
                continue
            line = step.line(use.node)
            if line not in seen:
                seen.add(line)
                yield Match(use.node, {"what": use.what})


def _imports(step: Step) -> Iterator[TensorFlowUse]:
    for statement in step.nodes(cst.Import):
        for alias in statement.names:
            if (dotted_name(alias.name) or "").partition(".")[0] in TENSORFLOW_MODULES:
                yield TensorFlowUse(statement, f"`{step.code(statement).strip()}` imports TensorFlow")
    for statement in step.nodes(cst.ImportFrom):
        module = dotted_name(statement.module) if statement.module is not None else None
        if module is None:
            continue
        if module.partition(".")[0] in TENSORFLOW_MODULES:
            yield TensorFlowUse(statement, f"`{step.code(statement).strip()}` imports TensorFlow")
        elif module == "transformers.keras_callbacks":
            yield TensorFlowUse(statement, "imports transformers' Keras callbacks")


def _names(step: Step) -> Iterator[TensorFlowUse]:
    for name in step.nodes(cst.Name):
        parent = step.parent(name)
        if isinstance(parent, cst.Arg) and parent.keyword is name:
            continue
        if _TF_CLASS.fullmatch(name.value):
            yield TensorFlowUse(name, f"`{name.value}` is a TensorFlow model class")
        elif name.value in KERAS_HELPERS:
            yield TensorFlowUse(name, f"`{name.value}` is a TensorFlow (Keras) helper of transformers")
        elif name.value == "tf" and isinstance(parent, cst.Attribute) and parent.value is name:
            outer = parent
            while isinstance(step.parent(outer), cst.Attribute):
                outer = step.parent(outer)
            yield TensorFlowUse(outer, f"`{step.code(outer)}` calls TensorFlow")


def _calls(step: Step) -> Iterator[TensorFlowUse]:
    for call in step.nodes(cst.Call):
        name = callee(call)
        if not isinstance(call.func, cst.Attribute):
            continue
        keywords = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        receiver = dotted_name(call.func.value)
        if name in TF_DATASET_METHODS:
            yield TensorFlowUse(call, f"`{name}` builds a tf.data dataset")
        elif name == "compile" and receiver != "torch" and keywords & KERAS_COMPILE_KEYWORDS:
            yield TensorFlowUse(call, f"`{receiver}.compile(...)` compiles a Keras model")
        elif name == "fit" and keywords & KERAS_FIT_KEYWORDS:
            yield TensorFlowUse(call, f"`{receiver}.fit(...)` trains a Keras model")


def _arguments(step: Step) -> Iterator[TensorFlowUse]:
    for arg in step.nodes(cst.Arg):
        if arg.keyword is None:
            continue
        if arg.keyword.value == "return_tensors" and string_value(arg.value) == "tf":
            yield TensorFlowUse(arg, f"`{step.shown(arg)}` asks for TensorFlow tensors")
        elif arg.keyword.value == "from_tf" and is_true(arg.value):
            yield TensorFlowUse(arg, "`from_tf=True` loads TensorFlow weights")
