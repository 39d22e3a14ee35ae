"""What a step defines and what it needs from earlier steps."""

from __future__ import annotations

import textwrap

import pytest

from polydoctest.pycode import defined_names, used_names


@pytest.mark.parametrize(
    ("source", "used", "defined"),
    [
        ("x = 1\nprint(x)\n", set(), {"x"}),
        ("x = x + 1\n", {"x"}, {"x"}),
        ("total += 1\n", {"total"}, {"total"}),
        ("import numpy as np\nfrom torch import nn\nimport os.path\n", set(), {"np", "nn", "os"}),
        ("tokenized = imdb.map(preprocess, batched=True)\n", {"imdb", "preprocess"}, {"tokenized"}),
        ("for i in range(n):\n    acc = i\n", {"n"}, {"i", "acc"}),
        ("with torch.no_grad():\n    logits = model(**inputs).logits\n", {"torch", "model", "inputs"}, {"logits"}),
        ("labels = [label_list[i] for i in example['ner_tags']]\n", {"label_list", "example"}, {"labels"}),
        ("squares = {k: v * k for k, v in pairs}\nk\n", {"pairs", "k"}, {"squares"}),
        ("try:\n    import x\nexcept ImportError as e:\n    print(e)\n", set(), {"x", "e"}),
        ("if (n := len(items)) > 3:\n    pass\n", {"items"}, {"n"}),
        ("pip install transformers\n", set(), set()),
        ("", set(), set()),
    ],
)
def test_names(source, used, defined):
    assert used_names(source) == used
    assert defined_names(source) == defined


def test_function_bodies_need_what_the_step_does_not_bind():
    source = textwrap.dedent(
        """\
        import numpy as np

        def compute_metrics(eval_pred, threshold=default_threshold):
            predictions, labels = eval_pred
            predictions = np.argmax(predictions, axis=1)
            helper = lambda p: p + offset
            return accuracy.compute(predictions=predictions, references=labels)

        offset = 1
        """
    )
    assert used_names(source) == {"default_threshold", "accuracy"}
    assert defined_names(source) == {"np", "compute_metrics", "offset"}


def test_class_bodies_and_globals():
    source = textwrap.dedent(
        """\
        class WeightedTrainer(Trainer):
            weight = base_weight
            scale = weight * 2

            def compute_loss(self, model, inputs, return_outputs=False):
                global calls
                calls = 1
                return model(**inputs).loss * self.scale * factor
        """
    )
    assert used_names(source) == {"Trainer", "base_weight", "factor"}
    assert defined_names(source) == {"WeightedTrainer", "calls"}
