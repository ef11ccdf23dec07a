"""Bad input across the public API: a ValueError or TypeError naming the
argument and what was received, never a crash inside TensorFlow or JAX."""

import os
from pathlib import Path

import numpy as np
import pytest

import kzoo
from kzoo.callbacks import BiasVarianceReport, EpochSeeds, LearningCurves
from kzoo.data import Augmentation, load_mnist, make_pipeline, train_dev_test_split
from kzoo.diagnosis import diagnose
from kzoo.schedules import ReciprocalDecay

KZOO = Path(kzoo.__file__).resolve().parent
RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (20, 28, 28)).astype("uint8")
LABELS = np.arange(20) % 10


def with_nan():
    x = IMAGES.astype("float32")
    x[3, 4, 5] = np.nan
    return x


def fit_with_report(train_data):
    """A real fit whose report receives `train_data`."""
    model = kzoo.create_model("softmax_regression")
    report = BiasVarianceReport(
        train_data=train_data, dev_data=(IMAGES, LABELS), verbose=0
    )
    model.fit(IMAGES, LABELS, epochs=1, callbacks=[report], verbose=0)


def corrupt_directory(tmp_path):
    for name in (
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ):
        (tmp_path / name).write_bytes(b"not gzip at all")
    return tmp_path


CASES = {
    # Images of the wrong rank or channel count.
    "flat vectors to augment": (
        lambda _: make_pipeline(
            IMAGES.reshape(20, -1), LABELS, 4, True, augment={"rotation": 5}
        ),
        ValueError,
        r"`x` must be images.*Received: x=<array of shape \(20, 784\)>",
    ),
    "five channels to augment": (
        lambda _: make_pipeline(
            IMAGES[..., None].repeat(5, -1), LABELS, 4, True, augment={"zoom": 0.1}
        ),
        ValueError,
        r"`x` must be images.*Received: x=<array of shape \(20, 28, 28, 5\)>",
    ),
    "RGB images for a grey model": (
        lambda _: fit_with_report((IMAGES[..., None].repeat(3, -1), LABELS)),
        ValueError,
        r"`train_data\[0\]` must match the model's input shape \(28, 28\)\. "
        r"Received: train_data\[0\]=<inputs of shape \(28, 28, 3\)>",
    ),
    "flat images for a CNN": (
        lambda _: kzoo.create_model("mnist_cnn", input_shape=(784,)),
        ValueError,
        r"input_shape.*Received: input_shape=\(784,\)",
    ),
    # Labels out of range, of the wrong type or length.
    "label 10 of 10 classes": (
        lambda _: make_pipeline(IMAGES, LABELS + 1, 4, True, num_classes=10),
        ValueError,
        r"class ids in \[0, 10\)\. Received: y=<labels from 1 to 10>",
    ),
    "negative label in a report": (
        lambda _: fit_with_report((IMAGES, LABELS - 1)),
        ValueError,
        r"Received: train_data\[1\]=<labels from -1 to 8>",
    ),
    "float labels to stratify": (
        lambda _: train_dev_test_split(IMAGES, LABELS + 0.5),
        TypeError,
        r"`y` must hold integer class ids.*Received: y of dtype float64",
    ),
    "float labels for classes": (
        lambda _: make_pipeline(IMAGES, LABELS * 1.0, 4, True, num_classes=10),
        TypeError,
        r"`y` must hold integer class ids\. Received: y of dtype float64",
    ),
    "labels of the wrong length": (
        lambda _: train_dev_test_split(IMAGES, LABELS[:-1]),
        ValueError,
        r"`y` must hold 20 labels.*Received: y=<19 labels>",
    ),
    # NaN in the inputs.
    "NaN image in a pipeline": (
        lambda _: make_pipeline(with_nan(), LABELS, 4, True),
        ValueError,
        r"`x` must be finite\. Received: x=<array with 1 NaN or Inf>",
    ),
    "NaN in normalisation data": (
        lambda _: kzoo.create_model("mlp", normalize=with_nan()),
        ValueError,
        r"`normalize`.*Received: normalize=<array with NaN or Inf>",
    ),
    # Empty data.
    "empty dataset": (
        lambda _: make_pipeline(IMAGES[:0], LABELS[:0], 4, True),
        ValueError,
        r"`x` must hold examples\. Received: x=<array of shape \(0, 28, 28\)>",
    ),
    "empty split": (
        lambda _: train_dev_test_split(IMAGES[:0], LABELS[:0]),
        ValueError,
        r"Received: x=<array of shape \(0, 28, 28\)>",
    ),
    # batch_size <= 0.
    "batch size 0": (
        lambda _: make_pipeline(IMAGES, LABELS, 0, True),
        ValueError,
        r"Received: batch_size=0",
    ),
    "negative batch size": (
        lambda _: make_pipeline(IMAGES, LABELS, -32, True),
        ValueError,
        r"Received: batch_size=-32",
    ),
    # c1 or c2 <= 0.
    "c1 = 0": (
        lambda _: ReciprocalDecay(c1=0.0, c2=1.0),
        ValueError,
        r"Received: c1=0\.0",
    ),
    "c2 < 0": (
        lambda _: ReciprocalDecay(c1=1.0, c2=-2.0),
        ValueError,
        r"Received: c2=-2\.0",
    ),
    # Unknown model, optimizer or augmentation.
    "unknown model": (
        lambda _: kzoo.create_model("resnet"),
        ValueError,
        r"Unknown model: name='resnet'",
    ),
    "unknown optimizer": (
        lambda _: kzoo.create_model("mlp", optimizer="adma"),
        ValueError,
        r"optimizer='adma'",
    ),
    "unknown augmentation": (
        lambda _: make_pipeline(IMAGES, LABELS, 4, True, augment="flip"),
        ValueError,
        r"Received: augment='flip'",
    ),
    "unknown placement": (
        lambda _: Augmentation(rotation=5, placement="gpu"),
        ValueError,
        r"Received: placement='gpu'",
    ),
    # human_error outside [0, 1).
    "human error 1": (
        lambda _: diagnose(human_error=1.0, train_error=0.1, dev_error=0.2),
        ValueError,
        r"Received: human_error=1\.0",
    ),
    "negative human error": (
        lambda _: BiasVarianceReport(
            human_error=-0.1, train_data=(IMAGES, LABELS), dev_data=(IMAGES, LABELS)
        ),
        ValueError,
        r"Received: human_error=-0\.1",
    ),
    # Split ratios that do not sum to 1.
    "ratios summing to 1.1": (
        lambda _: train_dev_test_split(IMAGES, LABELS, ratios=(0.6, 0.3, 0.2)),
        ValueError,
        r"`ratios`.*sum to 1.*Received: ratios=\(0\.6, 0\.3, 0\.2\)",
    ),
    # An unreadable or corrupt data directory.
    "missing data directory": (
        lambda tmp_path: load_mnist(tmp_path / "nowhere"),
        FileNotFoundError,
        r"nowhere",
    ),
    "corrupt data directory": (
        lambda tmp_path: load_mnist(corrupt_directory(tmp_path)),
        ValueError,
        r"train-images-idx3-ubyte\.gz",
    ),
    # Values that Python's truthiness or int() used to take in silence, or
    # reject without naming the argument.
    "batch_norm 'no'": (
        lambda _: kzoo.create_model("mlp", batch_norm="no"),
        ValueError,
        r"`batch_norm` must be a boolean.*Received: batch_norm='no'",
    ),
    "use_ema 'x'": (
        lambda _: kzoo.optimizers.get("adam", use_ema="x"),
        ValueError,
        r"Received: use_ema='x'",
    ),
    "negative clipnorm": (
        lambda _: kzoo.optimizers.get("adamw", clipnorm=-1),
        ValueError,
        r"Received: clipnorm=-1",
    ),
    "seed 'x'": (
        lambda _: EpochSeeds("x"),
        ValueError,
        r"Received: seed='x'",
    ),
    "fractional seed": (
        lambda _: EpochSeeds(1.7),
        ValueError,
        r"Received: seed=1\.7",
    ),
    "no log directory": (
        lambda _: LearningCurves(None),
        ValueError,
        r"`log_dir` must be a directory path.*Received: log_dir=None",
    ),
    "fractional cutout": (
        lambda _: Augmentation(cutout=2.5),
        ValueError,
        r"Received: cutout=2\.5",
    ),
    "infinite elastic sigma": (
        lambda _: Augmentation(elastic_sigma=float("inf")),
        ValueError,
        r"Received: elastic_sigma=inf",
    ),
    "rescale 'a'": (
        lambda _: make_pipeline(IMAGES, LABELS, 4, True, rescale="a"),
        ValueError,
        r"Received: rescale='a'",
    ),
    "no train data for a report": (
        lambda _: BiasVarianceReport(train_data=None, dev_data=(IMAGES, LABELS)),
        ValueError,
        r"must be an \(x, y\) pair of arrays.*Received: train_data=None",
    ),
    "a dict as dev data": (
        lambda _: BiasVarianceReport(train_data=(IMAGES, LABELS), dev_data={}),
        ValueError,
        r"Received: dev_data=<dict>",
    ),
    # A run directory that is not writable.
    "unwritable run directory": (
        lambda tmp_path: LearningCurves(unwritable(tmp_path) / "run").on_train_begin(),
        ValueError,
        r"`log_dir` must be a writable directory.*Received: log_dir='.*run'",
    ),
}


def unwritable(tmp_path):
    if os.geteuid() == 0:
        # Root writes anywhere a mode allows it not to; a file in the way
        # stops it as surely.
        blocker = tmp_path / "a_file"
        blocker.write_text("not a directory")
        return blocker
    directory = tmp_path / "read_only"
    directory.mkdir()
    directory.chmod(0o500)
    return directory


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_naming_argument_and_value(case, tmp_path):
    call, error, message = CASES[case]
    with pytest.raises(error, match=message) as caught:
        call(tmp_path)
    # Raised by kzoo's own code, not from inside TensorFlow, JAX or Keras.
    origin = Path(caught.traceback[-1].path).resolve()
    assert origin.is_relative_to(KZOO), f"raised from {origin}"


def test_without_the_checks_keras_trains_on_nan_silently():
    # What the checks above save users from: Keras feeds float labels with
    # NaN images straight to the backend without a word.
    model = kzoo.create_model("softmax_regression")
    history = model.fit(with_nan(), LABELS, epochs=1, verbose=0)
    assert np.isnan(history.history["loss"][0])
