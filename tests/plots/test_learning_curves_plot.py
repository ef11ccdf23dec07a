"""curves.png reads at a glance: log loss, labelled axes, the learning rate."""

import math

import numpy as np
import pytest

from kzoo.plots.learning_curves import draw_learning_curves, plot_learning_curves

EPOCHS, STEPS = 6, 50


def run(spikes=(), learning_rate=True, floor=None):
    """A run's rows: losses falling from 1 to about 0.1, batch losses around
    them, with a batch loss of 40 at each step in `spikes`."""
    rng = np.random.default_rng(0)
    history = [
        {
            "epoch": e,
            "loss": 1.0 / (e + 1) + 0.05,
            "val_loss": 0.8 / (e + 1) + 0.06,
            "accuracy": 0.80 + 0.03 * e,
            "val_accuracy": 0.85 + 0.02 * e,
            **({"learning_rate": 0.01 / (1 + e)} if learning_rate else {}),
        }
        for e in range(EPOCHS)
    ]
    batches = []
    for step in range(EPOCHS * STEPS):
        epoch, batch = divmod(step, STEPS)
        typical = 1.0 / (epoch + 1 + batch / STEPS) + 0.05
        loss = 40.0 if step in spikes else typical * rng.lognormal(0, 0.3)
        batches.append(
            {
                "epoch": epoch,
                "batch": batch,
                "step": step + 1,
                "loss": floor if floor is not None and step == 250 else loss,
                "smoothed_loss": typical,
            }
        )
    return history, batches


def panels(figure):
    loss, metric, rate = figure.axes
    return loss, metric, rate


def share_of_height(axes, low, high):
    """The fraction of the axes' height between data values low and high."""
    to_axes = axes.transData + axes.transAxes.inverted()
    (_, bottom), (_, top) = to_axes.transform([(1, low), (1, high)])
    return top - bottom


def test_spikes_do_not_flatten_the_train_and_dev_curves():
    history, batches = run(spikes=(10, 120, 200))
    loss, _, _ = panels(draw_learning_curves(history, batches))
    assert loss.get_yscale() == "log"
    curves = [r[k] for r in history for k in ("loss", "val_loss")]
    # On a linear axis up to 40 they would fill 2% of the height.
    assert share_of_height(loss, min(curves), max(curves)) > 0.2


def test_a_near_perfect_batch_does_not_stretch_the_loss_axis():
    history, batches = run(floor=1e-9)
    loss, _, _ = panels(draw_learning_curves(history, batches))
    lowest_curve = min(
        [r[k] for r in history for k in ("loss", "val_loss")]
        + [r["smoothed_loss"] for r in batches]
    )
    assert loss.get_ylim()[0] == pytest.approx(lowest_curve / 2)


def test_every_axis_is_labelled_with_its_units():
    loss, metric, rate = panels(draw_learning_curves(*run()))
    assert [a.get_xlabel() for a in (loss, metric, rate)] == ["epoch"] * 3
    assert loss.get_ylabel() == "loss (log scale)"
    assert metric.get_ylabel() == "accuracy (%)"
    assert rate.get_ylabel() == "learning rate (log scale)"


def test_accuracy_is_drawn_in_percent():
    history, batches = run()
    _, metric, _ = panels(draw_learning_curves(history, batches))
    train, dev = (line.get_ydata() for line in metric.get_lines())
    np.testing.assert_allclose(train, [100 * r["accuracy"] for r in history])
    np.testing.assert_allclose(dev, [100 * r["val_accuracy"] for r in history])


def test_the_learning_rate_has_its_own_log_panel():
    history, batches = run()
    _, _, rate = panels(draw_learning_curves(history, batches))
    assert rate.get_yscale() == "log"
    (line,) = rate.get_lines()
    # The rate read at epoch e's end is drawn at e + 1, as the epoch curves.
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, EPOCHS + 1))
    np.testing.assert_allclose(line.get_ydata(), [r["learning_rate"] for r in history])
    # Under a decade, where no power of ten is in view: round plain numbers.
    rate.figure.canvas.draw()
    low, high = rate.get_ylim()
    shown = [
        float(t.get_text())
        for t in rate.get_yticklabels()
        if t.get_text() and low <= t.get_position()[1] <= high
    ]
    assert len(shown) >= 3
    assert all(math.isfinite(value) for value in shown)


def test_a_history_without_a_learning_rate_says_so(tmp_path):
    history, batches = run(learning_rate=False)
    figure = draw_learning_curves(history, batches)
    _, _, rate = panels(figure)
    assert not rate.axison
    assert [t.get_text() for t in rate.texts] == ["no learning rate recorded"]
    path = plot_learning_curves(history, batches, tmp_path / "curves.png")
    assert path.read_bytes()[:4] == b"\x89PNG"


def test_no_layout_engine_slows_the_drawing():
    # LearningCurves draws at the end of every fit: fixed margins only.
    assert draw_learning_curves(*run()).get_layout_engine() is None
