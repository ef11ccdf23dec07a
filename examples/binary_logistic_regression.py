"""A binary task, "is this digit a 7?", with kzoo's logistic regression.

Two classes give one sigmoid unit and binary cross-entropy. The second half
shows the case where a model of your own stops at a sigmoid: compile it with
`from_logits=False` (the default), since its outputs are already
probabilities, and let `kzoo.testing` check the contract.

Usage: python examples/binary_logistic_regression.py [--quick]
"""

import argparse

import keras
import numpy as np

import kzoo
from kzoo.callbacks import BiasVarianceReport
from kzoo.data import load_mnist
from kzoo.testing import assert_output_contract


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small subset, 1 epoch")
    args = parser.parse_args(argv)
    (x, digits), (x_test, test_digits) = load_mnist()
    if args.quick:
        x, digits = x[:3000], digits[:3000]
    y, y_test = (digits == 7).astype("int32"), (test_digits == 7).astype("int32")
    epochs = 1 if args.quick else 5

    # kzoo's builder: sigma(w.x + b), inputs normalised with training statistics.
    model = kzoo.create_model("logistic_regression", num_classes=2, normalize=x)
    assert_output_contract(model, num_classes=2)
    report = BiasVarianceReport(
        train_data=(x, y), dev_data=(x_test[:2000], y_test[:2000])
    )
    model.fit(x, y, batch_size=128, epochs=epochs, verbose=2, callbacks=[report])
    print(
        f"kzoo logistic regression: test accuracy {evaluate(model, x_test, y_test):.4f}"
    )

    # Your own model that stops at a sigmoid: probabilities, not logits.
    own = keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Flatten(),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    own.compile(
        optimizer=kzoo.optimizers.adam(),
        loss=keras.losses.BinaryCrossentropy(from_logits=False),
        metrics=[keras.metrics.BinaryAccuracy(name="accuracy")],
    )
    assert_output_contract(own, num_classes=2)
    own.fit(x, y, batch_size=128, epochs=epochs, verbose=2)
    accuracy = evaluate(own, x_test, y_test)
    print(f"own sigmoid model: test accuracy {accuracy:.4f}")
    return accuracy


def evaluate(model, x, y):
    probabilities = model.predict(x, verbose=0)[:, 0]
    return float(np.mean((probabilities > 0.5) == y))


if __name__ == "__main__":
    main()
