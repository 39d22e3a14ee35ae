"""What each step becomes before anything runs: run, rewritten, skipped or blocked."""

from __future__ import annotations

from polydoctest.parse import parse_page
from polydoctest.plan import plan_page

V5 = {"transformers": "5.23.0", "datasets": "5.2.0", "huggingface_hub": "2.4.0", "torch": "2.13.0"}
V4 = {"transformers": "4.57.6", "datasets": "4.4.0", "huggingface_hub": "0.36.0", "torch": "2.13.0", "tensorflow": "2.20.0"}

PAGE = """# Train

<frameworkcontent>
<pt>
```py
>>> from transformers import DataCollatorWithPadding
>>> data_collator = DataCollatorWithPadding(tokenizer=tokenizer)
```
</pt>
<tf>
```py
>>> from transformers import create_optimizer
>>> optimizer, schedule = create_optimizer(init_lr=2e-5, num_warmup_steps=0, num_train_steps=10)
```
</tf>
</frameworkcontent>

```py
>>> optimizer.learning_rate
>>> print("skipped on purpose")  # doctest: +SKIP
>>> args = TrainingArguments(output_dir="o", evaluation_strategy="epoch")
```

```bash
pip install transformers
```
"""


def plans(versions):
    return {plan.step.line_start: plan for plan in plan_page(parse_page(PAGE, "docs/source/en/page.md"), versions)}


def test_tensorflow_tab_is_skipped_where_tensorflow_cannot_run():
    by_line = plans(V5)
    assert by_line[12].skip_reason.startswith("TensorFlow tab")
    assert "removed in 5.0" in by_line[12].skip_reason
    assert by_line[6].runs and by_line[7].runs


def test_pytorch_step_needing_a_tensorflow_name_is_blocked_by_that_step():
    by_line = plans(V5)
    blocked = by_line[19]
    assert not blocked.runs
    assert blocked.blocked_by == by_line[13].step.index
    assert "`optimizer`" in blocked.skip_reason


def test_skip_directive_and_shell_steps_do_not_run():
    by_line = plans(V5)
    assert "+SKIP" in by_line[20].skip_reason
    assert by_line[25].skip_reason == "shell step, not executed: `pip install transformers`"


def test_stale_keyword_is_rewritten_only_where_the_version_needs_it():
    assert plans(V5)[21].rewritten
    assert "eval_strategy=" in plans(V5)[21].job().source
    assert plans(V4)[21].rewritten  # removed in 4.51
    assert not plans({**V4, "transformers": "4.46.3"})[21].rewritten  # still accepted there


def test_tensorflow_runs_where_it_can():
    by_line = plans(V4)
    assert by_line[12].runs and by_line[19].runs
