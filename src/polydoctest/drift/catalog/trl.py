"""trl: harness rules that let trl's trainers run on the CPU polydoctest runs on.

trl's training configs (SFTConfig, DPOConfig, ...) derive from TrainingArguments and turn bf16
on unless the page turns it off (or asks for fp16); TrainingArguments refuses bf16 without a
GPU that supports it. The step means "train in the accelerator's precision", so the run trains
in full precision on the CPU and the finding says so (`adapted`: nothing for the translator to
change).
"""

from __future__ import annotations

from ..patterns import KeywordNotSetTo
from ..rules import EVERY_RELEASE, Rule
from ..transforms import SetKeyword

# trl's configs built on its `_BaseConfig`, the stable ones and the experimental ones guides use.
TRL_CONFIGS = frozenset({
    "SFTConfig", "DPOConfig", "GRPOConfig", "KTOConfig", "RewardConfig", "RLOOConfig",
    "DistillationConfig", "CPOConfig", "ORPOConfig", "OnlineDPOConfig", "GKDConfig",
})  # fmt: skip

RULES = (
    Rule(
        id="trl.bf16-on-cpu",
        library="trl",
        description="a trl config without `bf16=False` (trl turns bf16 on by default; refused without a GPU that supports it)",
        pattern=KeywordNotSetTo(TRL_CONFIGS, "bf16", "False"),
        rewrite=SetKeyword("bf16", "False"),
        message="polydoctest trains on the CPU, where bf16 (on by default in trl's configs) is refused: the run passes `bf16=False`",
        applies_before=EVERY_RELEASE,
    ),
)
