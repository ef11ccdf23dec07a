"""Models saved by earlier kzoo versions still load and predict the same."""

from pathlib import Path

import keras
import numpy as np

import kzoo  # noqa: F401  (registers kzoo's serializable objects)

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_a_model_saved_by_kzoo_0_1_loads_without_custom_objects():
    # Saved by kzoo at commit b78065f: mnist_cnn with in-model augmentation,
    # input normalisation and a ReciprocalDecay schedule, trained one epoch.
    model = keras.saving.load_model(FIXTURES / "mnist_cnn_v0.1.keras")
    saved = np.load(FIXTURES / "mnist_cnn_v0.1.npz")
    predicted = model.predict(saved["x"], verbose=0)
    np.testing.assert_allclose(predicted, saved["p"], rtol=1e-5, atol=1e-6)
    schedule = model.optimizer._learning_rate
    assert type(schedule).__name__ == "ReciprocalDecay"
    layers = {type(layer).__name__ for layer in model.layers}
    assert {"RandomAugmentation", "Normalization"} <= layers
