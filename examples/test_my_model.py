"""A user's pytest file for their own model, with kzoo's testing helpers.

Nothing to configure: installing kzoo registers its pytest plugin, which
provides the `kzoo_digits` (64 real MNIST digits, seeded) and
`kzoo_run_dir` fixtures. Run: pytest examples/test_my_model.py
"""

import keras
import pytest

from kzoo.callbacks import LearningCurves
from kzoo.testing import (
    assert_can_overfit,
    assert_config_roundtrip,
    assert_deterministic,
    assert_gradients_finite,
    assert_loss_decreases,
    assert_output_contract,
    assert_save_load_roundtrip,
    check_gradients,
)


@keras.saving.register_keras_serializable(package="my_project")
class Scale(keras.layers.Layer):
    """The project's own layer: multiplies by a learned scalar."""

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(), initializer="ones", name="factor")

    def call(self, x):
        return x * self.factor


def my_model(num_classes=10):
    """The model under test: a small ReLU MLP with the project's layer."""
    model = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu", kernel_initializer="he_normal"),
            Scale(),
            keras.layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(0.01),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def test_output_follows_the_task():
    assert_output_contract(my_model(), num_classes=10)


def test_custom_layer_round_trips():
    assert_config_roundtrip(Scale())


def test_saves_and_loads(kzoo_digits):
    x, y = kzoo_digits
    model = my_model()
    # Trained first: Keras cannot reload an optimizer that never took a step
    # (it has no slot variables yet), and this helper would say so.
    model.fit(x, y, epochs=1, verbose=0)
    assert_save_load_roundtrip(model, x[:8])


def test_gradients_are_finite(kzoo_digits):
    x, y = kzoo_digits
    assert_gradients_finite(my_model(), x, y)


def test_backprop_matches_finite_differences(kzoo_digits):
    x, y = kzoo_digits
    tiny = keras.Sequential(
        [keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(3), Scale()]
    )
    tiny.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    check_gradients(tiny, x[:4] / 255, y[:4] % 3, max_entries=200)


def test_loss_decreases(kzoo_digits):
    x, y = kzoo_digits
    assert_loss_decreases(my_model(), x, y, steps=10)


def test_can_overfit_a_small_batch(kzoo_digits):
    x, y = kzoo_digits
    assert_can_overfit(my_model(), x[:16], y[:16])


@pytest.mark.parametrize("seed", [0, 1])
def test_training_is_deterministic(kzoo_digits, kzoo_run_dir, seed):
    x, y = kzoo_digits

    def build_and_train(seed):
        curves = LearningCurves(kzoo_run_dir / f"seed{seed}")
        return my_model().fit(
            x, y, epochs=2, batch_size=16, callbacks=[curves], verbose=0
        )

    assert_deterministic(build_and_train, seed=seed)
