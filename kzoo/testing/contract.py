"""`assert_output_contract`: the output layer and loss the task needs."""

import keras
import numpy as np

from kzoo.task import Task
from kzoo.testing.failure import expect


def assert_output_contract(model, num_classes):
    """Checks the output layer, shape and loss against the task.

    With several outputs, the first is checked (the classifier's head).

    Two classes need one sigmoid unit and binary cross-entropy; more need a
    `num_classes` softmax and (sparse) categorical cross-entropy, both on
    probabilities (`from_logits=False`).
    """
    task = Task(num_classes)
    units, activation = task.units, task.activation
    found_units = model.outputs[0].shape[-1]
    expect(
        found_units == units,
        f"Expected {units} output unit(s) for num_classes={num_classes}; found "
        f"{found_units}.",
    )
    found_activation = _output_activation(model)
    expect(
        found_activation == activation,
        f"Expected a {activation} output for num_classes={num_classes}; found "
        f"{found_activation!r}.",
    )
    _assert_probabilities(model, task.binary)
    if model.compiled:
        _assert_loss(model, task.loss_names)


def _output_activation(model):
    # The layer that makes the first output, which need not be the last one
    # created (a model with several heads), and may be a Softmax layer after
    # a linear Dense. Keras records it on the output tensor (`_keras_history`,
    # what its own functional models are traced from); no public API says it.
    history = getattr(model.outputs[0], "_keras_history", None)
    layer = history.operation if history is not None else model.layers[-1]
    if isinstance(layer, keras.layers.Softmax):
        return "softmax"
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None)


def _assert_probabilities(model, binary):
    shape = (4, *model.inputs[0].shape[1:])
    x = np.random.default_rng(0).uniform(0, 1, shape).astype("float32")
    y = np.asarray(_first(model.predict(x, verbose=0)))
    expect(
        np.all((y >= 0) & (y <= 1)),
        f"Expected probabilities in [0, 1]; found values in [{y.min()}, {y.max()}].",
    )
    if not binary:
        sums = y.sum(axis=-1)
        expect(
            np.allclose(sums, 1.0, atol=1e-4),
            f"Expected softmax rows to sum to 1; found sums {sums}.",
        )


def _assert_loss(model, expected):
    loss = _first(model.loss)
    if isinstance(loss, str):  # Resolve aliases such as "mse" or "bce".
        loss = keras.losses.get(loss)
    name = getattr(loss, "name", getattr(loss, "__name__", repr(loss)))
    expect(
        name in expected, f"Expected the loss to be one of {expected}; found {name!r}."
    )
    from_logits = getattr(loss, "from_logits", False)
    expect(
        not from_logits,
        "Expected from_logits=False, since the model outputs probabilities; "
        "found from_logits=True.",
    )


def _first(value):
    """The first output's entry of a model's outputs or losses (one for each
    head, as a list or a dict), or `value` itself when there is one."""
    if isinstance(value, dict):
        return next(iter(value.values()))
    if isinstance(value, (list, tuple)):
        return value[0]
    return value
