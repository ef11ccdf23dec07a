"""An existing Keras project that keeps its own model and adds kzoo's monitors.

Nothing about the model changes: kzoo contributes the learning-rate schedule
alpha = c1 / (t + c2), the learning curves and the bias/variance report.

Usage: python examples/keras_project.py [--quick] [--out DIR]
"""

import argparse

import keras

from kzoo.callbacks import BiasVarianceReport, LearningCurves
from kzoo.data import load_mnist, train_dev_test_split
from kzoo.schedules import ReciprocalDecay


def my_model():
    """The project's own convnet, written the usual Keras way."""
    return keras.Sequential(
        [
            keras.Input((28, 28)),
            keras.layers.Rescaling(1 / 255),
            keras.layers.Reshape((28, 28, 1)),
            keras.layers.Conv2D(16, 3, activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small subset, 1 epoch")
    parser.add_argument("--out", default="runs/keras_project")
    args = parser.parse_args(argv)
    (x, y), (x_test, y_test) = load_mnist()
    if args.quick:
        x, y = x[:2000], y[:2000]
    splits = train_dev_test_split(x, y, ratios=(0.9, 0.1, 0.0), train_dev=0.05)
    batch_size, epochs = 64, 1 if args.quick else 5
    steps = -(-len(splits.train[0]) // batch_size)

    model = my_model()
    schedule = ReciprocalDecay(c1=0.5, c2=5.0, unit="epoch", steps_per_epoch=steps)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    callbacks = [
        BiasVarianceReport(
            human_error=0.002,
            train_data=splits.train,
            dev_data=splits.dev,
            train_dev_data=splits.train_dev,
            log_dir=args.out,
        ),
        LearningCurves(args.out),
    ]
    model.fit(
        *splits.train,
        batch_size=batch_size,
        epochs=epochs,
        validation_data=splits.dev,
        callbacks=callbacks,
        verbose=2,
    )
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy: {accuracy:.4f}; curves and report in {args.out}")
    return accuracy


if __name__ == "__main__":
    main()
