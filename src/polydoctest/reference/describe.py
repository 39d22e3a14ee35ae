"""What a value is, in facts that equal code on equal stand-ins reproduces whatever the weights.

An English original observed as a reference has no hand-written observations: every name a
step defines is observed with `describe`. Two runs of the same code agree on these facts, and a
translation that loads another dataset, split or checkpoint, tokenizes to another length or
trains with another setting does not. What depends on the random weights of a stand-in (the
floats a model computes, a metric's scores, a loss) is described by its type and shape only,
and so is what depends on where or when the run happened (temporary paths, the logging
directory named after the time, the library version a config records).

Values are matched by what they offer (`to_dict`, `features`, `shape`), not by importing the
libraries, so that describing never imports what the page did not.
"""

from __future__ import annotations

import dataclasses
import enum
import os
import types
from collections.abc import Mapping, Sequence, Set
from typing import Any

from polydoctest.run.values import json_value

# How deep containers are described, and how many of their items.
DEPTH = 3
ITEMS = 5
TEXT_LIMIT = 200
# Config and argument entries that say where, when or with which release the run happened.
VOLATILE_KEYS = frozenset(
    {"_name_or_path", "transformers_version", "_commit_hash", "_attn_implementation_autoset", "logging_dir", "hub_token"}
)


def describe(value: Any, depth: int = DEPTH) -> Any:
    """The facts about `value` that do not depend on random weights, as JSON."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float):
        return {"type": "float"}
    if isinstance(value, enum.Enum):
        return describe(value.value, depth)
    if isinstance(value, os.PathLike):
        return _text(os.fspath(value))
    if isinstance(value, types.ModuleType):
        return {"type": "module", "name": value.__name__}
    if isinstance(value, type | types.FunctionType | types.BuiltinFunctionType | types.MethodType):
        return {"type": type(value).__name__, "name": getattr(value, "__qualname__", repr(value))}
    kind = type(value).__name__
    for facts in _FACTS:
        found = facts(value, depth)
        if found is not None:
            return {"type": kind, **found}
    if isinstance(value, Mapping):
        return {"type": kind, **_mapping(value, depth)}
    if isinstance(value, Sequence | Set):
        return {"type": kind, **_sequence(list(value), depth)}
    return {"type": kind}


def _text(text: str) -> str:
    """A string, with a path to a temporary place reduced to its last part."""
    if os.path.isabs(text) and not text.startswith(("/dev", "/proc")):
        return "…/" + os.path.basename(text.rstrip("/"))
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _mapping(value: Mapping[Any, Any], depth: int) -> dict[str, Any]:
    keys = [str(key) for key in value]
    facts: dict[str, Any] = {"len": len(keys), "keys": keys[: ITEMS * 4]}
    if depth > 0:
        facts["items"] = {str(key): describe(item, depth - 1) for key, item in list(value.items())[:ITEMS]}
    return facts


def _sequence(items: list[Any], depth: int) -> dict[str, Any]:
    facts: dict[str, Any] = {"len": len(items)}
    if depth > 0:
        facts["items"] = [describe(item, depth - 1) for item in items[:ITEMS]]
    return facts


def _settings(value: Mapping[str, Any]) -> dict[str, Any]:
    """A config's or arguments' entries as JSON, without the volatile ones; paths shortened."""
    return {key: _setting(item) for key, item in value.items() if key not in VOLATILE_KEYS}


def _setting(value: Any) -> Any:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, Mapping):
        return {str(key): _setting(item) for key, item in value.items() if key not in VOLATILE_KEYS}
    if isinstance(value, list | tuple):
        return [_setting(item) for item in value]
    return json_value(value)


def _array(value: Any, depth: int) -> dict[str, Any] | None:
    """A tensor or array: its shape and dtype, never its values."""
    if hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(value, type):
        return {"shape": [int(size) for size in value.shape], "dtype": str(value.dtype)}
    return None


def _dataset(value: Any, depth: int) -> dict[str, Any] | None:
    """A dataset (its features, size and columns) or a dict of splits."""
    features = getattr(value, "features", None)
    if features is not None and hasattr(features, "to_dict") and hasattr(value, "column_names"):
        facts = {"features": _setting(features.to_dict()), "column_names": list(value.column_names or ())}
        rows = getattr(value, "num_rows", None)
        return {**facts, "num_rows": rows} if rows is not None else facts
    if type(value).__name__ in ("DatasetDict", "IterableDatasetDict"):
        return {"splits": {str(name): describe(split, depth) for name, split in value.items()}}
    return None


def _config(value: Any, depth: int) -> dict[str, Any] | None:
    """A configuration or arguments object (`to_dict`): its settings. Of arguments that are a
    dataclass (TrainingArguments), only the fields the code set away from their defaults."""
    if not callable(getattr(value, "to_dict", None)) or isinstance(value, Mapping) or hasattr(value, "features"):
        return None
    settings = value.to_dict()
    if dataclasses.is_dataclass(value):
        defaults = _defaults(value)
        settings = {key: item for key, item in settings.items() if key not in defaults or _setting(item) != _setting(defaults[key])}
    return {"settings": _settings(settings)}


def _defaults(value: Any) -> dict[str, Any]:
    """The fields' declared defaults. Never an instance made to compare with: making one runs the
    class's own checks, and TrainingArguments' reset the page's accelerate state (its trainer
    then fails to train)."""
    return {field.name: _declared(field) for field in dataclasses.fields(value)}


def _declared(field: dataclasses.Field) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default.value if isinstance(field.default, enum.Enum) else field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def _model(value: Any, depth: int) -> dict[str, Any] | None:
    """A model: its configuration and size, not its weights."""
    config = getattr(value, "config", None)
    if config is None or not callable(getattr(value, "parameters", None)) or not callable(getattr(config, "to_dict", None)):
        return None
    return {"config": _settings(config.to_dict()), "parameters": sum(p.numel() for p in value.parameters())}


def _encoding(value: Any, depth: int) -> dict[str, Any] | None:
    """A tokenizer's or processor's output (`BatchEncoding`, `BatchFeature`): per key, the
    shape of a tensor or the lengths of lists."""
    if not (isinstance(value, Mapping) and type(value).__name__ in ("BatchEncoding", "BatchFeature")):
        return None
    return {"keys": list(value), "items": {str(key): _lengths(item) for key, item in value.items()}}


def _lengths(value: Any) -> Any:
    if (array := _array(value, 0)) is not None:
        return array
    if isinstance(value, list | tuple):
        return [_lengths(item) for item in value] if value and isinstance(value[0], list | tuple) else len(value)
    return describe(value, 0)


def _tokenizer(value: Any, depth: int) -> dict[str, Any] | None:
    """A tokenizer or processor: what it was loaded from and how it pads and truncates."""
    if not hasattr(value, "name_or_path") or hasattr(value, "config") or hasattr(value, "to_dict"):
        return None
    facts = {"name_or_path": _text(str(value.name_or_path))}
    for name in ("vocab_size", "model_max_length", "padding_side", "truncation_side"):
        if isinstance(item := getattr(value, name, None), int | str):
            facts[name] = item
    return facts


def _pipeline(value: Any, depth: int) -> dict[str, Any] | None:
    if not (hasattr(value, "task") and hasattr(value, "model") and callable(value)):
        return None
    return {"task": value.task, "model": type(value.model).__name__}


def _trainer(value: Any, depth: int) -> dict[str, Any] | None:
    """A trainer: the model class, its arguments and the sizes of its datasets."""
    if not (hasattr(value, "args") and hasattr(value, "model") and hasattr(value, "train_dataset")):
        return None
    facts = {"model": type(value.model).__name__, "args": describe(value.args, depth - 1)}
    for name in ("train_dataset", "eval_dataset"):
        dataset = getattr(value, name)
        facts[name] = len(dataset) if hasattr(dataset, "__len__") else type(dataset).__name__
    return facts


def _evaluation_module(value: Any, depth: int) -> dict[str, Any] | None:
    """An `evaluate` metric: its name."""
    if not (hasattr(value, "compute") and hasattr(value, "add_batch") and hasattr(value, "name")):
        return None
    return {"name": value.name}


# Most specific first: a trainer has a model, a model has a config.
_FACTS = (_encoding, _dataset, _trainer, _pipeline, _model, _evaluation_module, _tokenizer, _config, _array)
