"""LearningCurves: true batch losses, smoothing, resume, NaN, files and plot."""

import math
import struct

import keras
import numpy as np
import pytest

import kzoo
from kzoo._internal import files
from kzoo.callbacks import LearningCurves
from kzoo.callbacks.learning_curves import BATCHES, CURVES, HISTORY
from tests.interrupt import Interrupt


def run_epoch(curves, epoch, losses, logs=None):
    """Drives the hooks as fit would, with Keras's running-mean batch logs."""
    curves.on_epoch_begin(epoch)
    for batch, _ in enumerate(losses):
        curves.on_train_batch_end(batch, {"loss": float(np.mean(losses[: batch + 1]))})
    curves.on_epoch_end(epoch, {"loss": float(np.mean(losses)), **(logs or {})})


def column(rows, key):
    return [row[key] for row in rows]


def test_batch_losses_are_recovered_exactly(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    losses = [2.0, 1.0, 4.0, 0.5, 3.0]
    run_epoch(curves, 0, losses)
    np.testing.assert_allclose(column(curves.batches, "loss"), losses, rtol=1e-12)


def test_smoothing_is_the_bias_corrected_average(tmp_path):
    beta = 0.8
    curves = LearningCurves(tmp_path, beta=beta)
    curves.on_train_begin()
    losses = [[3.0, 1.0, 2.0], [5.0, 0.0]]
    for epoch, epoch_losses in enumerate(losses):
        run_epoch(curves, epoch, epoch_losses)
    flat, v, expected = [x for e in losses for x in e], 0.0, []
    for t, loss in enumerate(flat, start=1):
        v = beta * v + (1 - beta) * loss
        expected.append(v / (1 - beta**t))
    np.testing.assert_allclose(column(curves.batches, "smoothed_loss"), expected)
    assert expected[0] == pytest.approx(3.0)  # Bias correction: no pull to 0.
    assert column(curves.batches, "step") == [1, 2, 3, 4, 5]


def test_several_steps_per_report_are_averaged(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    curves.on_epoch_begin(0)
    curves.on_train_batch_end(1, {"loss": 2.0})  # Steps 0-1: mean 2.
    curves.on_train_batch_end(3, {"loss": 3.0})  # Steps 2-3 must average 4.
    curves.on_epoch_end(0, {"loss": 3.0})
    assert column(curves.batches, "loss") == [2.0, 4.0]


def test_batch_hooks_may_arrive_out_of_order(tmp_path):
    # On JAX, Keras runs async-safe batch hooks on a thread pool.
    assert LearningCurves.async_safe
    losses = [2.0, 1.0, 4.0, 0.5]
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    curves.on_epoch_begin(0)
    for batch in (2, 0, 3, 1):
        curves.on_train_batch_end(batch, {"loss": float(np.mean(losses[: batch + 1]))})
    curves.on_epoch_end(0, {"loss": float(np.mean(losses))})
    np.testing.assert_allclose(column(curves.batches, "loss"), losses, rtol=1e-12)
    assert column(curves.batches, "batch") == [0, 1, 2, 3]


def test_history_matches_csv_logger_numbering(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    for epoch in range(3):
        run_epoch(curves, epoch, [1.0, 1.0], {"accuracy": 0.5, "val_loss": 2.0})
    rows = files.read_csv(tmp_path / HISTORY)
    assert [r["epoch"] for r in rows] == ["0", "1", "2"]
    assert list(rows[0]) == ["epoch", "accuracy", "learning_rate", "loss", "val_loss"]
    frame = curves.dataframe()
    assert list(frame["epoch"]) == [0, 1, 2]
    assert len(curves.batch_dataframe()) == 6


def test_resume_after_a_kill_keeps_every_epoch_once(tmp_path):
    first = LearningCurves(tmp_path)
    first.on_train_begin()
    run_epoch(first, 0, [4.0, 3.0])
    run_epoch(first, 1, [2.0, 2.0])
    first.on_epoch_begin(2)  # Killed mid-epoch 2: its batches never reach disk.
    first.on_train_batch_end(0, {"loss": 9.0})

    resumed = LearningCurves(tmp_path)  # A new process.
    resumed.on_train_begin()
    run_epoch(resumed, 2, [1.0, 1.0])
    run_epoch(resumed, 3, [0.5, 0.5])
    resumed.on_train_end()
    history = files.read_csv(tmp_path / HISTORY)
    batches = files.read_csv(tmp_path / BATCHES)
    assert [r["epoch"] for r in history] == ["0", "1", "2", "3"]
    assert [(r["epoch"], r["batch"]) for r in batches] == [
        (str(e), str(b)) for e in range(4) for b in range(2)
    ]
    assert [r["step"] for r in batches] == [str(s) for s in range(1, 9)]
    # Smoothing continues as if never interrupted.
    straight = LearningCurves(tmp_path / "straight")
    straight.on_train_begin()
    for epoch, losses in enumerate([[4.0, 3.0], [2.0, 2.0], [1.0, 1.0], [0.5, 0.5]]):
        run_epoch(straight, epoch, losses)
    np.testing.assert_allclose(
        [float(r["smoothed_loss"]) for r in batches],
        column(straight.batches, "smoothed_loss"),
    )


def test_a_restarted_epoch_replaces_its_rows(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    for epoch in range(3):
        run_epoch(curves, epoch, [1.0])
    curves.on_train_begin()  # Same instance, a new fit from epoch 1.
    run_epoch(curves, 1, [7.0])
    assert column(curves.history, "epoch") == [0, 1]
    assert column(curves.batches, "loss") == [1.0, 7.0]


def test_nan_and_inf_are_recorded_and_plotted(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    curves.on_epoch_begin(0)
    curves.on_train_batch_end(0, {"loss": 1.0})
    curves.on_train_batch_end(1, {"loss": math.inf})
    curves.on_train_batch_end(2, {"loss": math.nan})
    curves.on_epoch_end(0, {"loss": math.nan})
    curves.on_train_end()
    batches = files.read_csv(tmp_path / BATCHES)
    assert [r["loss"] for r in batches][1:] == ["inf", "nan"]
    assert [float(r["smoothed_loss"]) for r in batches] == [1.0, 1.0, 1.0]
    assert png_size(tmp_path / CURVES) == (1400, 420)


def test_writes_leave_no_temporary_files(tmp_path):
    curves = LearningCurves(tmp_path)
    curves.on_train_begin()
    run_epoch(curves, 0, [1.0])
    curves.on_train_end()
    assert sorted(p.name for p in tmp_path.iterdir()) == [BATCHES, CURVES, HISTORY]


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_real_fit_writes_every_artefact(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(96, 6)).astype("float32"), rng.integers(0, 3, 96)
    schedule = kzoo.schedules.ReciprocalDecay(0.5, 2.0)
    model = kzoo.create_model(
        "mlp",
        input_shape=(6,),
        num_classes=3,
        hidden_units=(8,),
        optimizer="sgd",
        learning_rate=schedule,
    )
    curves = LearningCurves(tmp_path, plot_every=1)
    model.fit(
        x,
        y,
        batch_size=32,
        epochs=3,
        validation_split=0.25,
        verbose=0,
        callbacks=[curves],
    )
    history = files.read_csv(tmp_path / HISTORY)
    assert {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"} <= set(
        history[0]
    )
    # 72 training rows at batch 24 = 3 full steps an epoch: the logged rate is the
    # schedule's at each epoch's first step.
    logged = [float(r["learning_rate"]) for r in history]
    np.testing.assert_allclose(
        logged, [0.5 / (3 * e + 2.0) for e in range(3)], rtol=1e-5
    )
    assert len(files.read_csv(tmp_path / BATCHES)) == 9
    assert png_size(tmp_path / CURVES) == (1400, 420)
    # With equal batches, Keras's epoch loss is the mean of the batch losses.
    batches = curves.batch_dataframe()
    for epoch, row in enumerate(history):
        own = batches[batches["epoch"] == epoch]["loss"].to_numpy()
        assert len(own) == 3
        assert np.mean(own) == pytest.approx(float(row["loss"]), rel=1e-5)
    assert np.all(np.isfinite(batches["smoothed_loss"]))


def test_bad_arguments_fail_naming_them(tmp_path):
    with pytest.raises(ValueError, match=r"beta=1.0"):
        LearningCurves(tmp_path, beta=1.0)
    with pytest.raises(ValueError, match=r"plot_every=0"):
        LearningCurves(tmp_path, plot_every=0)


def test_callback_is_a_keras_callback(tmp_path):
    assert isinstance(LearningCurves(tmp_path), keras.callbacks.Callback)


def test_backup_and_restore_resume_keeps_every_epoch_once(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 5)).astype("float32"), rng.integers(0, 2, 64)
    model = kzoo.create_model("mlp", input_shape=(5,), num_classes=2, hidden_units=(4,))
    backup = keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    curves = LearningCurves(tmp_path / "curves")
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(
            x,
            y,
            batch_size=16,
            epochs=5,
            verbose=0,
            callbacks=[backup, curves, Interrupt(3)],
        )
    model.fit(x, y, batch_size=16, epochs=5, verbose=0, callbacks=[backup, curves])
    history = files.read_csv(tmp_path / "curves" / HISTORY)
    batches = files.read_csv(tmp_path / "curves" / BATCHES)
    assert [r["epoch"] for r in history] == ["0", "1", "2", "3", "4"]
    assert len(batches) == 5 * 4
    assert [r["step"] for r in batches] == [str(s) for s in range(1, 21)]
