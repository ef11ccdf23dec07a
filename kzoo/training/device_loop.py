"""`fit_on_device`: training epochs that run wholly on the device (JAX).

Keras's `fit` runs each step from Python: it takes the next batch, copies it
to the device, calls the compiled step and the callbacks' batch hooks. On a
GPU with a small model that Python work costs more than the step itself:
`benchmarks/step_cost.py` measured 1.81 ms a step for `fit` against 0.31 ms
for the same steps in one compiled loop (`mnist_cnn_narrow`, batch 128, an
H200; BENCHMARKS.md "step cost on NVIDIA H200"). This loop keeps the
training split on the device and compiles a whole epoch: shuffle, gather the
batches and `jax.lax.scan` over Keras's own `train_step` (the model's loss,
its regularisers, the optimizer with its schedule, the compiled metrics), so
that an epoch is one call. Keras has no such loop (`steps_per_execution`
still dispatches every step from Python: 1.46 ms a step above).

JAX only: `jax.lax.scan` over a pure step is what makes it possible. It is
for accelerators: on a CPU, XLA runs the convolutions of a compiled loop
several times slower than `fit`'s steps (6x for that model, one run on 2
cores).
"""

import time

import keras
import numpy as np

from kzoo._internal.validation import check_positive_int, invalid

# Validation batches: large, since they carry no gradients (as kzoo's tests).
EVALUATION_BATCH = 1024


def fit_on_device(
    model,
    x,
    y,
    *,
    batch_size=32,
    epochs=1,
    validation_data=None,
    callbacks=None,
    initial_epoch=0,
    seed=0,
    verbose=1,
):
    """Trains a compiled model like `model.fit`, each epoch in one device call.

    The training data moves to the device once. Each epoch shuffles it there
    (by `(seed, epoch)`, so a resumed run sees the same order), takes every
    full batch (the last few examples of each shuffle sit out, as kzoo's
    `fit` feed does, so the step compiles once) and runs the steps in one
    compiled `jax.lax.scan`. Before the first epoch it compiles that scan
    and runs it once on zeros, results thrown away: a compiled program's
    first run costs more than the next (on a GPU, CUDA loads its kernels;
    JAX compiles the small programs that copy the results back), and that
    cost, like compilation, is not training. Callbacks get the train and
    epoch hooks and the validation's test hooks, as in `fit`, but no batch
    hooks: no Python runs between steps. A NaN loss therefore shows in the
    epoch's mean loss. As `fit` does, the optimizer's moving average of the
    weights (`use_ema=True`) replaces them at the end.

    Args:
        model: A compiled `keras.Model`, on the JAX backend.
        x: Training inputs, an array (NumPy or JAX).
        y: Training targets, an array.
        batch_size: Examples per step. Defaults to `32`.
        epochs: The epoch to train up to, as in `fit`. Defaults to `1`.
        validation_data: `(x_dev, y_dev)` evaluated after every epoch into
            `val_` logs, or `None`. Defaults to `None`.
        callbacks: `keras.callbacks.Callback`s. `BackupAndRestore` and
            kzoo's callbacks work as under `fit`. Defaults to `None`.
        initial_epoch: The epoch to start at, as in `fit`. Defaults to `0`.
        seed: The seed of the shuffles. Defaults to `0`.
        verbose: `0`: silent; else one line an epoch. Defaults to `1`.

    Returns:
        The `keras.callbacks.History`, as `fit` returns it, with two more
        attributes: `compile_seconds`, the time spent compiling the epoch,
        and `first_run_seconds`, that of its run on zeros.

    Example:

    ```python
    model = kzoo.create_model("mnist_speedrun_cnn", normalize=x_train)
    history = kzoo.training.fit_on_device(
        model, x_train, y_train, batch_size=128, epochs=2,
        validation_data=(x_dev, y_dev),
    )
    history.history["val_accuracy"], history.compile_seconds
    ```
    """
    jax = require_jax()
    batch_size = check_positive_int("batch_size", batch_size)
    epochs = check_positive_int("epochs", epochs)
    x, y = _on_device(jax, x, "x"), _on_device(jax, y, "y")
    if len(x) != len(y):
        raise invalid("y", f"<{len(y)} examples>", f"must match x's {len(x)} examples")
    batch_size = min(batch_size, len(x))  # One smaller batch, as `fit` would.
    steps = len(x) // batch_size
    model._symbolic_build(data_batch=(x[:batch_size], y[:batch_size]))
    epoch = _epoch_function(jax, model, steps, batch_size, seed)
    callbacks = keras.callbacks.CallbackList(
        callbacks, add_history=True, model=model, epochs=epochs, steps=steps
    )
    start = time.perf_counter()
    epoch = epoch.lower(_state(model), np.int32(0), x, y).compile()
    compile_seconds = time.perf_counter() - start
    _run_on_zeros(jax, model, epoch, x, y)
    first_run_seconds = time.perf_counter() - start - compile_seconds
    if verbose and jax.default_backend() == "cpu":
        print(
            "fit_on_device on a CPU: XLA runs a compiled loop slower there "
            "than fit's steps; the device loop is for GPUs and TPUs"
        )
    model.stop_training, logs = False, None
    callbacks.on_train_begin()
    # BackupAndRestore sets where a resumed run starts, as `fit` reads it.
    for index in range(model._initial_epoch or initial_epoch, epochs):
        model.reset_metrics()
        callbacks.on_epoch_begin(index)
        logs = _run(model, epoch, index, x, y)
        if validation_data is not None:
            logs.update(_validation(model, validation_data, callbacks))
        callbacks.on_epoch_end(index, logs)
        if verbose:
            print(f"epoch {index + 1}/{epochs}: " + _shown(logs), flush=True)
        if model.stop_training:
            break
    _finalize_weight_average(jax, model)
    callbacks.on_train_end(logs)
    model.history.compile_seconds = compile_seconds
    model.history.first_run_seconds = first_run_seconds
    return model.history


def require_jax():
    """The `jax` module; a ValueError naming the backend on any other."""
    backend = keras.backend.backend()
    if backend != "jax":
        raise invalid(
            "backend",
            backend,
            "must be jax for the device loop (`--loop device`, `fit_on_device`, "
            "built on jax.lax.scan): set KERAS_BACKEND=jax, or train with fit",
        )
    import jax

    return jax


def _on_device(jax, array, name):
    array = array if isinstance(array, jax.Array) else np.asarray(array)
    if array.ndim == 0:
        raise invalid(name, f"<an array of shape {array.shape}>", "must hold examples")
    if array.dtype == np.float64:  # Keras feeds floatx too.
        array = array.astype(keras.config.floatx())
    return jax.device_put(array)


def _parts(model):
    # The order of the JAX trainer's own state (`train_step`'s first argument).
    return (
        model.trainable_variables,
        model.non_trainable_variables,
        model.optimizer.variables,
        model.metrics_variables,
    )


def _state(model):
    return tuple([v.value for v in variables] for variables in _parts(model))


def _assign(model, state):
    for variables, values in zip(_parts(model), state, strict=True):
        for variable, value in zip(variables, values, strict=True):
            variable.assign(value)


def _finalize_weight_average(jax, model):
    """The optimizer's weight average (`use_ema`) into the weights, as `fit`."""
    model.optimizer.finalize_variable_values(model.trainable_variables)
    if getattr(model.optimizer, "use_ema", False):
        # Keras assigns the average's own array to each weight; evaluating
        # then donates the weights' arrays, deleting the average's too, and
        # saving the optimizer fails. Copies keep the two apart.
        for variable in model.trainable_variables:
            variable.assign(jax.numpy.copy(variable.value))


def _run(model, epoch, index, x, y):
    """Trains epoch `index` in one call; its logs as Python floats."""
    logs, state = epoch(_state(model), np.int32(index), x, y)
    _assign(model, state)
    return {name: float(value) for name, value in logs.items()}


def _run_on_zeros(jax, model, epoch, x, y):
    """Runs `_run` once on zeros and a copy of the state, then puts it back."""
    state = _state(model)
    _assign(model, jax.tree.map(jax.numpy.copy, state))  # The copy is donated.
    _run(model, epoch, 0, jax.numpy.zeros_like(x), jax.numpy.zeros_like(y))
    _assign(model, state)
    model.reset_metrics()


def _epoch_function(jax, model, steps, batch_size, seed):
    """One epoch, jitted: shuffle, batch, and scan Keras's `train_step`.

    The shuffle's key comes from `(seed, epoch index)` inside the compiled
    program, so an epoch is one call with no small programs around it.
    """

    def step(state, batch):
        logs, state = model.train_step(state, batch)
        return tuple(list(part) for part in state), logs

    def epoch(state, index, x, y):
        key = jax.random.fold_in(jax.random.key(seed), index)
        order = jax.random.permutation(key, len(x))[: steps * batch_size]
        batches = tuple(
            part[order].reshape((steps, batch_size, *part.shape[1:])) for part in (x, y)
        )
        state, logs = jax.lax.scan(step, state, batches)
        # Metrics are running means over the epoch: the last step's are its.
        return jax.tree.map(lambda value: value[-1], logs), state

    return jax.jit(epoch, donate_argnums=0)


def _validation(model, data, callbacks):
    # The same callback list, as `fit` does: TrainingTimer stops its clock here.
    result = model.evaluate(
        *data,
        batch_size=EVALUATION_BATCH,
        verbose=0,
        callbacks=callbacks,
        return_dict=True,
    )
    return {f"val_{name}": float(value) for name, value in result.items()}


def _shown(logs):
    return ", ".join(f"{name} {value:.4f}" for name, value in logs.items())
