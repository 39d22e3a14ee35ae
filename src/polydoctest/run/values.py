"""An observed value as JSON: exact, comparable with `==`, and small enough for a message.

Equal code on equal fixtures and seeds gives equal values, so nothing is rounded: a float is
kept as the float it is, a tensor by its shape, dtype and every value (large ones by a digest
of their bytes and their first values). Anything else falls back to its type and `repr`.
"""

from __future__ import annotations

import enum
import hashlib
import math
import os
from collections.abc import Mapping, Set
from typing import Any

# Arrays up to this many values are kept whole; larger ones by digest and head.
WHOLE_ARRAY = 64
HEAD = 8
REPR_LIMIT = 300


def json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, enum.Enum):
        return json_value(value.value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if _is_tensor(value):
        return _array(value.detach().cpu().float().numpy() if _is_low_precision(value) else value.detach().cpu().numpy())
    if type(value).__module__ == "numpy":
        return json_value(value.item()) if getattr(value, "ndim", None) == 0 else _array(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, Set):
        return sorted((json_value(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [json_value(item) for item in value]
    return {"type": type(value).__qualname__, "repr": repr(value)[:REPR_LIMIT]}


def _is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def _is_low_precision(tensor: Any) -> bool:
    return str(tensor.dtype) in ("torch.bfloat16", "torch.float16")


def _array(array: Any) -> dict[str, Any]:
    import numpy

    array = numpy.ascontiguousarray(array)
    summary: dict[str, Any] = {"shape": list(array.shape), "dtype": str(array.dtype)}
    if array.size <= WHOLE_ARRAY:
        summary["values"] = array.tolist()
    else:
        summary["sha256"] = hashlib.sha256(array.tobytes()).hexdigest()
        summary["head"] = array.reshape(-1)[:HEAD].tolist()
    return summary
