"""Runs a recipe: a declarative config in, a readable run directory out.

A recipe (see `recipes/`) is a dict of hyperparameters plus
`main(argv) -> run(CONFIG, argv)`. Its `schedule` (or `--schedule`) shapes
the learning rate alpha_0 (`learning_rate`, or `--learning-rate`):

- `"constant"` (the default);
- `"reciprocal"`: the course's decay alpha_0 * k / (epoch + k), which halves
  it after k = `decay_epochs` epochs (default 10);
- `"cosine"`: a linear warm-up from alpha_0 / 10 over the first share
  `warmup` of all steps (default 0.1), then a cosine down to 0 (Keras's
  `CosineDecay`); short runs such as the speedrun end best near 0.

`run` does the course's whole loop:
load MNIST, carve a dev set and a train-dev set from the training images,
normalise inside the model with training statistics, train with mini-batches
(and augmentation, if the config asks), monitor, and evaluate once on the
test set. The run directory gets `config.json`, the `LearningCurves` files,
`bias_variance.{json,md}`, `model.keras` and `metrics.json`.
"""

import argparse
import math
from pathlib import Path

import keras

from kzoo._internal import files
from kzoo.callbacks import (
    BiasVarianceReport,
    EpochSeeds,
    LearningCurves,
    StopOnNonFiniteLoss,
    TrainingTimer,
)
from kzoo.data import (
    MNIST_HUMAN_ERROR,
    Augmentation,
    load_mnist,
    make_pipeline,
    train_dev_test_split,
)
from kzoo.models import create_model
from kzoo.schedules import ReciprocalDecay
from kzoo.training.options import OneLineParser
from kzoo.version import __version__

SCHEDULES = ("constant", "reciprocal", "cosine")


class TrainingDiverged(RuntimeError):
    """The loss went NaN or Inf; the run directory still holds the reports."""


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
    options.add_argument(
        "--learning-rate",
        type=_positive_float,
        default=config["learning_rate"],
        help="peak learning rate of the recipe's schedule",
    )
    options.add_argument(
        "--schedule",
        choices=SCHEDULES,
        default=config.get("schedule", "constant"),
        help="learning-rate schedule (see kzoo.training.recipe)",
    )
    options.add_argument("--seed", type=int, default=0)
    options.add_argument(
        "--mixed-precision",
        action="store_true",
        help="compute in bfloat16 with float32 weights (Keras's mixed_bfloat16); "
        "for GPUs, where it is faster",
    )
    options.add_argument(
        "--deterministic",
        action="store_true",
        help="TensorFlow's deterministic kernels: reruns are bit-identical on "
        "a CPU (slower, and Keras then trains without XLA)",
    )
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
    policy = keras.config.dtype_policy()
    if args.mixed_precision:
        keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        return _run(config, args)
    finally:
        keras.config.set_dtype_policy(policy)  # Global: leave it as found.


def _run(config, args):
    keras.utils.set_random_seed(args.seed)
    if args.deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
    out = files.check_writable_dir("out", args.out)
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
    steps = _steps_per_epoch(len(splits.train[0]), args.batch_size)
    model = create_model(
        config["model"],
        normalize=splits.train[0],
        **_model_args(settings, spec, steps, args.epochs),
    )
    timer, guard = _fit(model, config, args, splits, spec, out)
    test_loss, test_accuracy = model.evaluate(
        x_test, y_test, verbose=0, batch_size=1024
    )[:2]
    model.save(out / "model.keras")
    metrics = {
        "test_accuracy": float(test_accuracy),
        "test_loss": float(test_loss),
        "epochs": args.epochs,
        # Steps alone; the first step (tracing, compilation) apart; and the
        # whole fit with validation and monitoring (see TrainingTimer).
        "train_seconds": timer.train_seconds,
        "first_step_seconds": timer.first_step_seconds,
        "fit_seconds": timer.fit_seconds,
        "backend": keras.backend.backend(),
        "kzoo_version": __version__,
        "keras_version": keras.__version__,
        "data_source": source,
        "train_images": len(splits.train[0]),
        "stopped": guard.stopped,
    }
    files.write_json(out / "metrics.json", metrics)
    if guard.stopped is not None:
        raise TrainingDiverged(f"{guard.message()} Run directory: {out}")
    print(f"test accuracy: {test_accuracy:.4f}  (loss {test_loss:.4f})")
    print(f"run directory: {out}  (kzoo report {out})")
    return metrics


def _model_args(config, spec, steps_per_epoch, epochs):
    arguments = dict(config.get("model_args", {}))
    learning_rate = _learning_rate(config, steps_per_epoch, epochs)
    arguments.update(optimizer=config["optimizer"], learning_rate=learning_rate)
    if spec is not None and spec.placement == "model":
        arguments["augment"] = spec
    return arguments


def _learning_rate(config, steps_per_epoch, epochs):
    learning_rate = config["learning_rate"]
    if config["schedule"] == "reciprocal":
        # The course's decay: alpha_0 at the start, halved after decay_epochs.
        half = config.get("decay_epochs", 10)
        return ReciprocalDecay(
            learning_rate * half, half, unit="epoch", steps_per_epoch=steps_per_epoch
        )
    if config["schedule"] == "cosine":
        steps = steps_per_epoch * epochs
        warmup = int(steps * config.get("warmup", 0.1))
        return keras.optimizers.schedules.CosineDecay(
            learning_rate / 10,
            decay_steps=steps - warmup,
            alpha=0.0,
            warmup_target=learning_rate,
            warmup_steps=warmup,
        )
    return learning_rate


def _fit(model, config, args, splits, spec, out):
    report = BiasVarianceReport(
        human_error=config.get("human_error", MNIST_HUMAN_ERROR),
        train_data=splits.train,
        dev_data=splits.dev,
        train_dev_data=splits.train_dev,
        log_dir=out,
        verbose=args.verbose,
    )
    timer, guard = TrainingTimer(), StopOnNonFiniteLoss(verbose=0)
    callbacks = [
        timer,  # First, so the others log its train_seconds.
        _backup(out / "backup"),
        # Randomness by (seed, epoch), so a resumed run repeats exactly.
        EpochSeeds(args.seed),
        guard,
        report,
        LearningCurves(out),
    ]
    model.fit(
        **_training_data(splits.train, args, spec, _resumed_epoch(out / "backup")),
        epochs=args.epochs,
        validation_data=splits.dev,
        callbacks=callbacks,
        verbose=args.verbose,
    )
    return timer, guard


def _backup(directory):
    backup = keras.callbacks.BackupAndRestore(str(directory))
    # Saving once an epoch, its batch hook does nothing; marked so, it no
    # longer makes Keras wait for every step on JAX (async callbacks).
    backup.async_safe = backup.save_freq == "epoch"
    return backup


def _training_data(train, args, spec, first_epoch):
    # Full batches only (where there is more than one batch), so that a
    # compiled train step never compiles again for a smaller last batch: on
    # the GPU that second compilation took longer than a whole epoch.
    full = len(train[0]) >= args.batch_size
    # tf.data where TensorFlow is installed; NumPy arrays otherwise (JAX GPU
    # machines), with augmentation then in the model.
    try:
        dataset = make_pipeline(
            *train,
            args.batch_size,
            training=True,
            augment=spec,
            seed=args.seed,
            drop_remainder=full,
            num_classes=10,
            # An endless stream indexed by epoch, starting where a killed run
            # left off, so resuming replays exactly what it would have seen.
            first_epoch=first_epoch,
        )
    except ImportError:
        # Keras cannot drop a remainder from arrays: leave out the last few
        # images of the (shuffled) split instead, the same few every epoch.
        used = len(train[0]) // args.batch_size * args.batch_size if full else None
        return {
            "x": train[0][:used],
            "y": train[1][:used],
            "batch_size": args.batch_size,
        }
    steps = _steps_per_epoch(len(train[0]), args.batch_size)
    # The pipeline shuffles; Keras warns if asked to shuffle a dataset too.
    return {"x": dataset, "shuffle": False, "steps_per_epoch": steps}


def _steps_per_epoch(examples, batch_size):
    # Full batches only (see _training_data), or one smaller batch.
    return max(examples // batch_size, 1)


def _resumed_epoch(backup_dir):
    # BackupAndRestore will restart fit at the epoch its metadata names (a
    # Keras file; 0 when there is no backup).
    metadata = Path(backup_dir) / "training_metadata.json"
    return int(files.read_json(metadata).get("epoch", 0)) if metadata.is_file() else 0


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _positive(text):
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value
