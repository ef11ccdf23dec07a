"""Runs a recipe: a declarative config in, a readable run directory out.

A recipe (see `recipes/`) is a dict of hyperparameters plus
`main(argv) -> run(CONFIG, argv)`; a `decay_epochs` of k decays the learning
rate as alpha_0 * k / (epoch + k), the course's schedule, halving it after k
epochs. `run` does the course's whole loop:
load MNIST, carve a dev set and a train-dev set from the training images,
normalise inside the model with training statistics, train with mini-batches
(and augmentation, if the config asks), monitor, and evaluate once on the
test set. The run directory gets `config.json`, the `LearningCurves` files,
`bias_variance.{json,md}`, `model.keras` and `metrics.json`.
"""

import argparse
import time
from pathlib import Path

import keras

import kzoo
from kzoo import files
from kzoo.callbacks import BiasVarianceReport, LearningCurves
from kzoo.cli import OneLineParser
from kzoo.data import Augmentation, load_mnist, make_pipeline, train_dev_test_split
from kzoo.schedules import ReciprocalDecay

# Human error on MNIST digits is commonly put at about 0.2%; it stands in for
# Bayes error in the bias/variance diagnosis. A recipe may set "human_error".
MNIST_HUMAN_ERROR = 0.002


def parser(config):
    """The command-line options every recipe shares, defaulting to `config`."""
    options = OneLineParser(
        prog=f"kzoo train {config['name']}", description=config["description"]
    )
    options.add_argument(
        "--data-dir",
        help="MNIST directory or mnist.npz (else "
        "KZOO_DATA_DIR, the Keras cache, TFDS, the bundled sample)",
    )
    options.add_argument("--epochs", type=_positive, default=config["epochs"])
    options.add_argument("--batch-size", type=_positive, default=config["batch_size"])
    options.add_argument("--seed", type=int, default=0)
    options.add_argument(
        "--out",
        type=Path,
        default=Path("runs") / config["name"],
        help="run directory (default: runs/NAME)",
    )
    options.add_argument(
        "--subset",
        type=_positive,
        default=None,
        help="train on only this many images (quick runs)",
    )
    options.add_argument("--verbose", type=int, choices=(0, 1, 2), default=1)
    return options


def run(config, argv=None):
    """Runs `config` with command-line `argv`; returns the metrics dict."""
    args = parser(config).parse_args(argv)
    keras.utils.set_random_seed(args.seed)
    out = args.out
    (x_train, y_train), (x_test, y_test), source = load_mnist(
        args.data_dir, with_source=True
    )
    if args.subset:
        x_train, y_train = x_train[: args.subset], y_train[: args.subset]
    splits = train_dev_test_split(
        x_train,
        y_train,
        ratios=(1 - config["dev_share"], config["dev_share"], 0.0),
        train_dev=config["train_dev_share"],
        seed=args.seed,
    )
    settings = {**config, **{k: v for k, v in vars(args).items() if k != "out"}}
    files.write_json(
        out / "config.json", {**settings, "data_source": source, "run_dir": str(out)}
    )
    spec = Augmentation(**config["augment"]) if config.get("augment") else None
    steps = -(-len(splits.train[0]) // args.batch_size)
    model = kzoo.create_model(
        config["model"], normalize=splits.train[0], **_model_args(config, spec, steps)
    )
    train_seconds = _fit(model, config, args, splits, spec, out)
    test_loss, test_accuracy = model.evaluate(
        x_test, y_test, verbose=0, batch_size=1024
    )[:2]
    model.save(out / "model.keras")
    metrics = {
        "test_accuracy": float(test_accuracy),
        "test_loss": float(test_loss),
        "epochs": args.epochs,
        "train_seconds": train_seconds,
        "backend": keras.backend.backend(),
        "kzoo_version": kzoo.__version__,
        "keras_version": keras.__version__,
        "data_source": source,
        "train_images": len(splits.train[0]),
    }
    files.write_json(out / "metrics.json", metrics)
    print(f"test accuracy: {test_accuracy:.4f}  (loss {test_loss:.4f})")
    print(f"run directory: {out}  (kzoo report {out})")
    return metrics


def _model_args(config, spec, steps_per_epoch):
    arguments = dict(config.get("model_args", {}))
    learning_rate = config["learning_rate"]
    if config.get("decay_epochs"):
        # The course's decay: alpha_0 at the start, halved after decay_epochs.
        half = config["decay_epochs"]
        learning_rate = ReciprocalDecay(
            learning_rate * half, half, unit="epoch", steps_per_epoch=steps_per_epoch
        )
    arguments.update(optimizer=config["optimizer"], learning_rate=learning_rate)
    if spec is not None and spec.placement == "model":
        arguments["augment"] = spec
    return arguments


def _fit(model, config, args, splits, spec, out):
    report = BiasVarianceReport(
        human_error=config.get("human_error", MNIST_HUMAN_ERROR),
        train_data=splits.train,
        dev_data=splits.dev,
        train_dev_data=splits.train_dev,
        log_dir=out,
        verbose=args.verbose,
    )
    callbacks = [
        keras.callbacks.BackupAndRestore(str(out / "backup")),
        report,
        LearningCurves(out),
    ]
    start = time.perf_counter()
    model.fit(
        **_training_data(splits.train, args, spec),
        epochs=args.epochs,
        validation_data=splits.dev,
        callbacks=callbacks,
        verbose=args.verbose,
    )
    return time.perf_counter() - start


def _training_data(train, args, spec):
    # tf.data where TensorFlow is installed; NumPy arrays otherwise (JAX GPU
    # machines), with augmentation then in the model.
    try:
        dataset = make_pipeline(
            *train, args.batch_size, training=True, augment=spec, seed=args.seed
        )
    except ImportError:
        return {"x": train[0], "y": train[1], "batch_size": args.batch_size}
    # The pipeline shuffles; Keras warns if asked to shuffle a dataset too.
    return {"x": dataset, "shuffle": False}


def _positive(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value
