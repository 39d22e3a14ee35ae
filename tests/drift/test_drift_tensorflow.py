"""TensorFlow recognised by content, and whether it can run at all."""

from __future__ import annotations

import pytest

from polydoctest.drift import tensorflow_reason, tensorflow_runnable


@pytest.mark.parametrize(
    ("source", "mentions"),
    [
        ("import tensorflow as tf\n", "import tensorflow"),
        ("from tensorflow.keras.optimizers import Adam\n", "imports TensorFlow"),
        ('model = TFAutoModelForSequenceClassification.from_pretrained("m")\n', "TFAutoModelForSequenceClassification"),
        ('batch = tokenizer(texts, padding=True, return_tensors="tf")\n', 'return_tensors="tf"'),
        ("collator = DataCollatorWithPadding(tokenizer=tokenizer, return_tensors='tf')\n", "TensorFlow tensors"),
        ("model.compile(optimizer=optimizer)  # No loss argument!\n", "compile"),
        ("model.fit(x=train, validation_data=val, epochs=3, callbacks=callbacks)\n", "fit"),
        ("from transformers.keras_callbacks import KerasMetricCallback\n", "Keras callbacks"),
        ("cb = PushToHubCallback(output_dir='out', tokenizer=tokenizer)\n", "PushToHubCallback"),
        ("optimizer, schedule = create_optimizer(init_lr=2e-5, num_warmup_steps=0, num_train_steps=10)\n", "create_optimizer"),
        ("train = model.prepare_tf_dataset(ds, batch_size=16)\n", "prepare_tf_dataset"),
        ('tf_ds = ds.to_tf_dataset(columns=["input_ids"])\n', "to_tf_dataset"),
        ("pred = int(tf.math.argmax(logits, axis=-1)[0])\n", "tf.math.argmax"),
        ("m = AutoModelForSequenceClassification.from_pretrained(d, from_tf=True)\n", "from_tf=True"),
    ],
)
def test_tensorflow_code_is_recognised(source, mentions):
    reason = tensorflow_reason(source)
    assert reason is not None and mentions in reason and "(line 1)" in reason


@pytest.mark.parametrize(
    "source",
    [
        'batch = tokenizer(texts, return_tensors="pt")\n',
        "model = torch.compile(model)\n",
        "model.compile()\n",
        "clf.fit(X, y)\n",
        "callbacks = [metric_callback, push_to_hub_callback]\n",
        "collator = DataCollatorWithPadding(tokenizer=tokenizer)\n",
        "tf = 3\n",
        "x = (\n",
    ],
)
def test_other_code_is_not(source):
    assert tensorflow_reason(source) is None


def test_reason_names_the_first_tensorflow_line():
    source = "batch_size = 16\nimport tensorflow as tf\nmodel.compile(optimizer=opt)\n"
    assert tensorflow_reason(source).endswith("(line 2)")


@pytest.mark.parametrize(
    ("versions", "reason"),
    [
        ({"transformers": "5.0.0", "tensorflow": "2.16.1"}, "removed in 5.0"),
        ({"transformers": "5.23.0"}, "removed in 5.0"),
        ({"transformers": "4.57.6"}, "not installed"),
        ({"transformers": "4.57.6", "tensorflow": "2.16.1"}, None),
    ],
)
def test_tensorflow_runnable(versions, reason):
    found = tensorflow_runnable(versions)
    assert (found is None) if reason is None else (reason in found)
