"""torch: harness rules that let GPU code run on the CPU polydoctest runs on.

Guides move models and tensors to `"cuda"`; the step means "to the accelerator", so the run
uses the CPU and the finding says so (`adapted`: nothing for the translator to change). Code
that needs a CUDA library (flash-attn, deepspeed) cannot be adapted and is skipped when it
runs (see `check.gaps`); bitsandbytes quantizes on the CPU and runs. `torch.compile` traces the
model with the `aot_eager` backend: on the CPU, inductor (the default) generates and builds C++
kernels for minutes per model, while tracing (dynamo and AOTAutograd) is where model code
breaks; the finding says the kernels were not built.
"""

from __future__ import annotations

from ..patterns import MethodCall, DeviceString
from ..rules import EVERY_RELEASE, Rule
from ..transforms import CallMethodInstead, RenameString, SetKeyword

RULES = (
    Rule(
        id="torch.cuda-device",
        library="torch",
        description='`"cuda"` / `"cuda:N"` passed as a device (`.to("cuda")`, `device_map="cuda"`, `torch.device("cuda")`)',
        pattern=DeviceString(r"cuda(:\d+)?"),
        rewrite=RenameString("cpu"),
        message='polydoctest runs on the CPU: `"{value}"` becomes `"cpu"`',
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="torch.cuda-method",
        library="torch",
        description="`.cuda()` on a model or tensor",
        pattern=MethodCall(frozenset({"cuda"})),
        rewrite=CallMethodInstead("cpu"),
        message="polydoctest runs on the CPU: `.cuda()` becomes `.cpu()`",
        applies_before=EVERY_RELEASE,
    ),
    Rule(
        id="torch.compile-backend",
        library="torch",
        description="`torch.compile(...)`, whose default backend builds C++ kernels on the CPU",
        pattern=MethodCall(frozenset({"compile"}), receivers=frozenset({"torch"})),
        rewrite=SetKeyword("backend", '"aot_eager"'),
        message='polydoctest traces the model with `backend="aot_eager"`: the graph is captured as on a GPU, but no kernels are generated',
        applies_before=EVERY_RELEASE,
    ),
)
