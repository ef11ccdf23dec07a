"""A binary task, "is this digit a 7?", with kzoo's logistic regression.

Two classes give one sigmoid unit and binary cross-entropy. The second model
shows the case where a model of your own stops at a sigmoid: compile it with
`from_logits=False` (the default), since its outputs are already
probabilities, and let `kzoo.testing` check the contract.

The course's rule for the data: the dev set, held out from the training
images, picks between the two models; the test set is used once, on the one
picked, so its accuracy stays an unbiased estimate.

Usage: python examples/binary_logistic_regression.py [--quick]
"""

import argparse

import keras
import numpy as np

import kzoo
from kzoo.callbacks import BiasVarianceReport
from kzoo.data import load_mnist, train_dev_test_split
from kzoo.testing import assert_output_contract


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="6,000 images, 4 epochs")
    args = parser.parse_args(argv)
    (x, digits), (x_test, test_digits) = load_mnist()
    epochs, batch_size = (4, 32) if args.quick else (5, 128)
    if args.quick:
        x, digits = x[:6000], digits[:6000]
    # Dev comes from the training images (stratified by digit); test stays unseen.
    splits = train_dev_test_split(x, digits, ratios=(0.9, 0.1, 0.0))
    (x_train, train_digits), (x_dev, dev_digits) = splits.train, splits.dev
    y_train, y_dev, y_test = map(is_seven, (train_digits, dev_digits, test_digits))
    print(f"train {len(x_train)}, dev {len(x_dev)} from the training images")

    # kzoo's builder: sigma(w.x + b), inputs normalised with training statistics.
    model = kzoo.create_model("logistic_regression", num_classes=2, normalize=x_train)
    assert_output_contract(model, num_classes=2)
    report = BiasVarianceReport(train_data=(x_train, y_train), dev_data=(x_dev, y_dev))
    fit = {"batch_size": batch_size, "epochs": epochs, "verbose": 2}
    model.fit(x_train, y_train, callbacks=[report], **fit)

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
    own.fit(x_train, y_train, **fit)

    models = {"kzoo logistic regression": model, "own sigmoid model": own}
    dev = {name: accuracy(m, x_dev, y_dev) for name, m in models.items()}
    for name, figure in dev.items():
        print(f"{name}: dev accuracy {figure:.4f}")
    picked = max(dev, key=dev.get)  # Dev picks; the test set is used once, now.
    test = accuracy(models[picked], x_test, y_test)
    print(f"picked on dev: {picked}; test accuracy {test:.4f} on {len(x_test)}")
    return test


def is_seven(digits):
    return (digits == 7).astype("int32")


def accuracy(model, x, y):
    probabilities = model.predict(x, verbose=0)[:, 0]
    return float(np.mean((probabilities > 0.5) == y))


if __name__ == "__main__":
    main()
