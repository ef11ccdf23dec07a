"""`BiasVarianceReport`: the course's bias/variance diagnosis as a callback."""

import math
from pathlib import Path

import keras
import numpy as np

from kzoo._internal import files
from kzoo._internal.validation import (
    check_examples,
    check_fraction,
    check_positive_int,
    invalid,
)
from kzoo.diagnosis import bias_variance, divergence, markdown, summary
from kzoo.distribution import is_chief, predict
from kzoo.task import Task


class BiasVarianceReport(keras.callbacks.Callback):
    """Measures train, train-dev and dev error, and says what to do next.

    Errors are measured by `model.predict`, in inference mode, on (a subset
    of) the training data: the running training metric does not count,
    since dropout and augmentation distort it. The gaps, the verdict and the
    remedies follow `kzoo.diagnosis.diagnose`, whose docs give the course's
    table and the thresholds. The report has each set's size and each error
    rate's 95% interval, and a gap within the noise of the sets measured is
    called "not enough data to tell" rather than high or low.

    Outputs: `self.report` (a dict, also returned by `evaluate`); with a
    `log_dir`, `bias_variance.json` and `bias_variance.md`; a short printed
    summary at the end of training. With `every_n_epochs`, the figures are
    also added to that epoch's `logs` as `bv_*` keys, so CSVLogger,
    TensorBoard and `LearningCurves` record them; list this callback before
    those.

    Args:
        human_error: Human-level (Bayes proxy) error in [0, 1). Defaults to
            `0.0`.
        train_data: `(x, y)` from the training set.
        dev_data: `(x, y)` of the dev set.
        train_dev_data: `(x, y)` of a train-dev set, or `None`. Defaults to
            `None`.
        log_dir: Directory for the JSON and Markdown reports, or `None`.
            Defaults to `None`.
        every_n_epochs: Also evaluate at epochs 0, n, 2n, ... (epoch 0 so that
            CSVLogger, which fixes its columns then, keeps them); `None` only at
            the end. Defaults to `None`.
        max_train_samples: Training examples measured, a fixed random
            subset. Defaults to `10000`.
        thresholds: Overrides of `{"bias": ..., "variance": ...,
            "mismatch": ...}`, each a gap in error rate. Defaults to `None`
            (0.02 each).
        batch_size: Prediction batch size. Defaults to `512`.
        verbose: Print the summary at the end of training. Defaults to `1`.
    """

    def __init__(
        self,
        human_error=0.0,
        train_data=None,
        dev_data=None,
        train_dev_data=None,
        log_dir=None,
        every_n_epochs=None,
        max_train_samples=10_000,
        thresholds=None,
        batch_size=512,
        verbose=1,
    ):
        super().__init__()
        check_fraction("human_error", human_error)
        self.human_error = float(human_error)
        self.train_data = _subset(
            _check_data("train_data", train_data), max_train_samples
        )
        self.dev_data = _check_data("dev_data", dev_data)
        self.train_dev_data = (
            None
            if train_dev_data is None
            else _check_data("train_dev_data", train_dev_data)
        )
        self.log_dir = None if log_dir is None else Path(log_dir)
        self.every_n_epochs = (
            None
            if every_n_epochs is None
            else check_positive_int("every_n_epochs", every_n_epochs)
        )
        self.thresholds = _check_thresholds(thresholds)
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.verbose = verbose
        self.report = None

    def on_train_begin(self, logs=None):
        self.report, self._diverged = None, None
        for name in ("train_data", "dev_data", "train_dev_data"):
            if getattr(self, name) is not None:
                _check_against_model(name, getattr(self, name), self.model)

    def on_epoch_end(self, epoch, logs=None):
        loss = float((logs or {}).get("loss", 0.0))
        if not math.isfinite(loss) and self._diverged is None:
            self._diverged = {"epoch": epoch, "loss": loss}
        # Epoch 0 too: CSVLogger fixes its columns at the first epoch's logs.
        if self.every_n_epochs and epoch % self.every_n_epochs == 0:
            report = self.evaluate()
            if logs is not None:
                logs.update(_log_figures(report))

    def on_train_end(self, logs=None):
        report = self.evaluate()
        if self._diverged is not None:
            report = self.report = divergence.diverged_report(report, self._diverged)
        if not is_chief():
            return  # One process writes and prints (kzoo.distribution).
        if self.log_dir is not None:
            self.write(self.log_dir)
        if self.verbose:
            print(summary(report))

    def evaluate(self):
        """Measures the errors now; returns (and keeps) the report dict."""
        # With the set sizes, so that a gap inside the noise of a small set
        # is called "not enough data to tell", not high or low.
        errors = {
            "train_error": self._error(self.train_data),
            "train_examples": len(self.train_data[0]),
            "dev_error": self._error(self.dev_data),
            "dev_examples": len(self.dev_data[0]),
        }
        if self.train_dev_data is not None:
            errors["train_dev_error"] = self._error(self.train_dev_data)
            errors["train_dev_examples"] = len(self.train_dev_data[0])
        self.report = bias_variance.diagnose(
            human_error=self.human_error,
            **errors,
            bias_threshold=self.thresholds["bias"],
            variance_threshold=self.thresholds["variance"],
            mismatch_threshold=self.thresholds["mismatch"],
        )
        return self.report

    def write(self, log_dir):
        """Writes `bias_variance.json` and `bias_variance.md` to `log_dir`."""
        files.write_json(Path(log_dir) / "bias_variance.json", self.report)
        files.atomic_write_text(
            Path(log_dir) / "bias_variance.md", markdown(self.report)
        )

    def _error(self, data):
        x, y = data
        # Any set size, however many replicas share the batches.
        probabilities = predict(self.model, x, batch_size=self.batch_size)
        predicted = Task.of_model(self.model).decode(probabilities)
        return float(np.mean(predicted != np.asarray(y).reshape(len(x))))


def _check_data(name, data):
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        # Shown as itself when short (None, a number), else by its type.
        small = data is None or isinstance(data, (str, int, float))
        shown = data if small else f"<{type(data).__name__}>"
        raise invalid(name, shown, "must be an (x, y) pair of arrays")
    return check_examples(*data, x_name=f"{name}[0]", y_name=f"{name}[1]")


def _check_against_model(name, data, model):
    # Wrong shapes or labels would otherwise fail deep inside the backend
    # (or give a meaningless error rate) at the end of training.
    x, y = data
    expected = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    if expected and not _shape_fits(x.shape[1:], expected):
        raise invalid(
            f"{name}[0]",
            f"<inputs of shape {x.shape[1:]}>",
            f"must match the model's input shape {expected}",
        )
    if model.outputs:
        Task.of_model(model).check_labels(f"{name}[1]", y)


def _shape_fits(found, expected):
    return len(found) == len(expected) and all(
        e is None or f == e for f, e in zip(found, expected, strict=True)
    )


def _subset(data, limit):
    limit = check_positive_int("max_train_samples", limit)
    x, y = data
    if len(x) <= limit:
        return data
    keep = np.sort(np.random.default_rng(0).choice(len(x), limit, replace=False))
    return x[keep], y[keep]


def _check_thresholds(thresholds):
    merged = dict.fromkeys(
        ("bias", "variance", "mismatch"), bias_variance.DEFAULT_THRESHOLD
    )
    for key, value in (thresholds or {}).items():
        if key not in merged:
            raise invalid(
                "thresholds", thresholds, "may only set 'bias', 'variance', 'mismatch'"
            )
        merged[key] = check_fraction(f"thresholds[{key!r}]", value)
    return merged


def _log_figures(report):
    keys = (
        "train_error",
        "dev_error",
        "train_dev_error",
        "avoidable_bias",
        "variance",
        "data_mismatch",
    )
    return {f"bv_{k}": report[k] for k in keys if report[k] is not None}
