"""`fit_on_device`: Keras's own train step, each epoch one compiled scan (JAX).

The JAX tests run in the JAX rerun (tests/test_backends.py); on TensorFlow
the loop is refused by name.
"""

import keras
import numpy as np
import pytest

from kzoo.callbacks import StopOnNonFiniteLoss, TrainingTimer
from kzoo.training import fit_on_device
from tests.interrupt import Interrupt

ON_JAX = keras.backend.backend() == "jax"
jax_only = pytest.mark.skipif(
    not ON_JAX, reason="JAX only: runs in the JAX rerun (tests/test_backends.py)"
)


def data(examples=64, features=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(examples, features)).astype("float32")
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("int32")
    return x, y


def model(features=6, seed=0, **optimizer_args):
    """A small softmax classifier with an L2 penalty, so that the loss the
    loop minimises must include the model's regularisation losses."""
    keras.utils.set_random_seed(seed)
    built = keras.Sequential(
        [
            keras.Input((features,)),
            keras.layers.Dense(8, activation="relu", kernel_regularizer="l2"),
            keras.layers.Dense(2, activation="softmax"),
        ]
    )
    built.compile(
        optimizer=keras.optimizers.SGD(0.1, **optimizer_args),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return built


def weights(net):
    return [np.asarray(w) for w in net.get_weights()]


@jax_only
@pytest.mark.parametrize("ema", [False, True])
def test_one_full_batch_trains_as_fit_does(ema):
    # One batch an epoch: the shuffle cannot matter, so the loop must give
    # fit's weights, regulariser included, to float precision; and so the
    # run on zeros before training must leave no trace. With `use_ema`, both
    # end on the moving average of the weights.
    x, y = data()
    args = {"use_ema": True, "ema_momentum": 0.5} if ema else {}
    looped, fitted = model(**args), model(**args)
    history = fit_on_device(looped, x, y, batch_size=len(x), epochs=3, verbose=0)
    reference = fitted.fit(x, y, batch_size=len(x), epochs=3, shuffle=False, verbose=0)
    for got, want in zip(weights(looped), weights(fitted), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        history.history["loss"], reference.history["loss"], rtol=1e-5
    )
    assert int(looped.optimizer.iterations) == 3
    assert history.compile_seconds > 0
    assert history.first_run_seconds > 0


@jax_only
def test_a_weight_average_survives_evaluation_and_saving(tmp_path):
    # Keras's finalize shares the average's arrays with the weights, which
    # evaluation donates: the optimizer's average must still save after it.
    x, y = data()
    net = model(use_ema=True, ema_momentum=0.5)
    fit_on_device(net, x, y, batch_size=16, epochs=2, verbose=0)
    net.evaluate(x, y, verbose=0)
    net.save(tmp_path / "net.keras")
    loaded = keras.saving.load_model(tmp_path / "net.keras")
    for got, want in zip(weights(loaded), weights(net), strict=True):
        np.testing.assert_array_equal(got, want)


@jax_only
def test_epochs_take_every_full_batch_and_validate():
    x, y = data(examples=70)
    net = model()
    timer = TrainingTimer()
    history = fit_on_device(
        net,
        x,
        y,
        batch_size=16,
        epochs=4,
        validation_data=data(examples=20, seed=1),
        callbacks=[timer],
        verbose=0,
    )
    assert int(net.optimizer.iterations) == 4 * (70 // 16)  # 6 sit out each time.
    assert set(history.history) == {
        "loss",
        "accuracy",
        "val_loss",
        "val_accuracy",
        "train_seconds",
    }
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert history.history["val_loss"][-1] == pytest.approx(
        net.evaluate(*data(examples=20, seed=1), verbose=0)[0], rel=1e-5
    )
    assert 0 < timer.train_seconds < timer.fit_seconds


@jax_only
def test_the_seed_fixes_the_shuffles():
    x, y = data()

    def trained(seed):
        net = model()
        fit_on_device(net, x, y, batch_size=8, epochs=2, seed=seed, verbose=0)
        return weights(net)

    first, again, other = trained(0), trained(0), trained(1)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert any(not np.allclose(a, b) for a, b in zip(first, other, strict=True))


@jax_only
def test_a_killed_run_resumes_to_the_uninterrupted_weights(tmp_path):
    # Shuffles by (seed, epoch) and BackupAndRestore's weights: a run killed
    # after epoch 1 and started again ends where one run of 4 epochs does.
    x, y = data()
    backup = keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))
    with pytest.raises(RuntimeError, match="interrupted"):
        fit_on_device(
            model(), x, y, batch_size=8, epochs=4, callbacks=[backup, Interrupt(2)]
        )
    resumed = model()
    history = fit_on_device(
        resumed,
        x,
        y,
        batch_size=8,
        epochs=4,
        callbacks=[keras.callbacks.BackupAndRestore(str(tmp_path / "backup"))],
        verbose=0,
    )
    assert len(history.history["loss"]) == 2  # Epochs 2 and 3 only.
    whole = model()
    fit_on_device(whole, x, y, batch_size=8, epochs=4, verbose=0)
    for got, want in zip(weights(resumed), weights(whole), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@jax_only
def test_a_nan_loss_stops_after_its_epoch():
    x, y = data()
    x[5, 0] = np.nan
    guard = StopOnNonFiniteLoss(verbose=0)
    history = fit_on_device(
        model(), x, y, batch_size=8, epochs=5, callbacks=[guard], verbose=0
    )
    assert len(history.history["loss"]) == 1
    assert guard.stopped["epoch"] == 0
    assert guard.stopped["batch"] is None


@jax_only
def test_one_line_an_epoch(capsys):
    x, y = data()
    fit_on_device(model(), x, y, batch_size=32, epochs=2)
    lines = capsys.readouterr().out.strip().splitlines()
    lines = [line for line in lines if line.startswith("epoch")]
    assert [line.split(":")[0] for line in lines] == ["epoch 1/2", "epoch 2/2"]
    assert "loss" in lines[0]


@jax_only
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "Argument `batch_size` must be a positive integer"),
        ({"epochs": 0}, "Argument `epochs` must be a positive integer"),
        (
            {"y": np.zeros(3)},
            "Argument `y` must match x's 64 examples. Received: y=<3 examples>",
        ),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    x, y = data()
    arguments = {"x": x, "y": y, "verbose": 0, **kwargs}
    with pytest.raises(ValueError, match=message):
        fit_on_device(model(), **arguments)


@pytest.mark.skipif(ON_JAX, reason="the refusal off JAX; JAX trains (above)")
def test_other_backends_are_refused_by_name():
    x, y = data()
    with pytest.raises(ValueError, match="Argument `backend` must be jax") as error:
        fit_on_device(model(), x, y)
    assert "KERAS_BACKEND=jax" in str(error.value)
