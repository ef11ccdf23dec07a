"""Gradient checks: the course's backprop check, and finite gradients.

Keras has no backend-neutral gradient call, so `_gradients` asks the
backend in use (TensorFlow, JAX or PyTorch) the way Keras's own trainers
do. The objective J is the model's loss in inference mode (no dropout, batch
norm on its moving statistics) plus its regularisation losses, as the
course's cost function includes the L2 term.
"""

import contextlib

import keras
import numpy as np

from kzoo.testing.failure import expect

# The course's verdict on the relative difference, in float64.
COURSE_TOLERANCE = 1e-7


def check_gradients(
    model, x, y, loss=None, epsilon=1e-6, tolerance=COURSE_TOLERANCE, max_entries=500
):
    """Checks backprop: autodiff gradients against central differences.

    The model is copied to float64, and for each weight entry theta_i the
    numeric gradient is (J(theta_i + eps) - J(theta_i - eps)) / (2 eps). The
    figure is the course's relative difference
    ||g - g_num|| / (||g|| + ||g_num||): about 1e-7 or less is right, 1e-3
    or more means a bug. Use a tiny model: each entry costs two forward
    passes. On JAX, float64 is switched on for the check. Feed inputs that
    are not all zero: with zero inputs and zero biases, ReLU units sit on
    their kink, where the one-sided derivatives differ and so do the two
    methods.

    Args:
        model: A built Keras model.
        x: A small batch of inputs.
        y: Its targets.
        loss: Loss to differentiate; `None` takes the compiled loss.
            Defaults to `None`.
        epsilon: The finite-difference step. Defaults to `1e-6`.
        tolerance: Largest relative difference accepted. Defaults to `1e-7`.
        max_entries: Check at most this many weight entries, a fixed random
            choice (all when there are fewer). Defaults to `500`.

    Returns:
        The relative difference.
    """
    with _float64_backend():
        copy = _float64_copy(model)
        loss_fn = _in_float64(_loss_function(model, loss))
        x, y = np.asarray(x, "float64"), np.asarray(y)
        analytic = _gradients(copy, loss_fn, x, y)
        chosen = _choose_entries(copy, max_entries)
        autodiff, numeric = [], []
        for index, entry in chosen:
            autodiff.append(analytic[index][entry])
            numeric.append(
                _central_difference(copy, loss_fn, x, y, index, entry, epsilon)
            )
    autodiff, numeric = np.array(autodiff), np.array(numeric)
    difference = float(
        np.linalg.norm(autodiff - numeric)
        / max(np.linalg.norm(autodiff) + np.linalg.norm(numeric), 1e-300)
    )
    worst = int(np.argmax(np.abs(autodiff - numeric)))
    index, entry = chosen[worst]
    expect(
        difference <= tolerance,
        f"Expected autodiff gradients to match central differences (float64, "
        f"epsilon={epsilon}) to a relative difference <= {tolerance:g}; found "
        f"{difference:.3g}. Worst entry: {copy.trainable_variables[index].path}"
        f"{list(entry)}, autodiff {autodiff[worst]:.6g}, numeric "
        f"{numeric[worst]:.6g}.",
    )
    return difference


def assert_gradients_finite(model, x, y, loss=None):
    """Checks that the loss and every weight's gradient are finite.

    A NaN or Inf here (a log of 0, a division by 0, an overflow) would
    otherwise show only as a NaN loss some steps into training.

    Args:
        model: A built Keras model.
        x: A batch of inputs.
        y: Its targets.
        loss: Loss to differentiate; `None` takes the compiled loss.
            Defaults to `None`.
    """
    loss_fn = _loss_function(model, loss)
    value = _objective_value(model, loss_fn, x, y)
    expect(np.isfinite(value), f"Expected a finite loss; found {value}.")
    gradients = _gradients(model, loss_fn, x, y)
    bad = [
        f"{variable.path} ({int(np.sum(~np.isfinite(g)))} of {g.size})"
        for variable, g in zip(model.trainable_variables, gradients, strict=True)
        if not np.all(np.isfinite(g))
    ]
    expect(
        not bad,
        f"Expected finite gradients for every weight; found NaN or Inf in {bad}.",
    )


# === Objective ===


def _loss_function(model, loss):
    loss = loss if loss is not None else getattr(model, "loss", None)
    if loss is None:
        raise ValueError(
            "Argument `loss` is needed for a model that is not compiled. "
            "Received: loss=None"
        )
    return keras.losses.get(loss) if isinstance(loss, (str, dict)) else loss


def _in_float64(loss_fn):
    # Keras Loss objects cast their result to their dtype (float32 by
    # default), which would swamp the finite differences.
    if isinstance(loss_fn, keras.losses.Loss):
        return loss_fn.__class__.from_config(
            {**loss_fn.get_config(), "dtype": "float64"}
        )
    return loss_fn


def _objective(model, loss_fn, x, y):
    value = _mean(loss_fn(y, model(x, training=False)))
    return value + sum(model.losses) if model.losses else value


def _mean(values):
    # Not keras.ops.mean: on JAX it reduces float64 in float32.
    values = keras.ops.convert_to_tensor(values)
    return keras.ops.sum(values) / max(int(np.prod(values.shape)), 1)


def _objective_value(model, loss_fn, x, y):
    return float(keras.ops.convert_to_numpy(_objective(model, loss_fn, x, y)))


# === Gradients, by backend ===


def _gradients(model, loss_fn, x, y):
    """Autodiff gradients of J for each trainable variable, as NumPy arrays."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        gradients = _tensorflow_gradients(model, loss_fn, x, y)
    elif backend == "jax":
        gradients = _jax_gradients(model, loss_fn, x, y)
    elif backend == "torch":
        gradients = _torch_gradients(model, loss_fn, x, y)
    else:
        raise NotImplementedError(
            f"kzoo.testing computes gradients on TensorFlow, JAX or PyTorch; "
            f"the Keras backend is {backend!r}."
        )
    return [np.asarray(keras.ops.convert_to_numpy(g)) for g in gradients]


def _tensorflow_gradients(model, loss_fn, x, y):
    import tensorflow as tf

    with tf.GradientTape() as tape:
        value = _objective(model, loss_fn, x, y)
    return tape.gradient(value, model.trainable_variables)


def _jax_gradients(model, loss_fn, x, y):
    import jax

    trainable = [v.value for v in model.trainable_variables]
    frozen = [v.value for v in model.non_trainable_variables]

    def objective(values):
        predictions, _, losses = model.stateless_call(
            values, frozen, x, training=False, return_losses=True
        )
        value = _mean(loss_fn(y, predictions))
        return value + sum(losses) if losses else value

    return jax.grad(objective)(trainable)


def _torch_gradients(model, loss_fn, x, y):
    for variable in model.trainable_variables:
        variable.value.grad = None
    _objective(model, loss_fn, x, y).backward()
    return [variable.value.grad for variable in model.trainable_variables]


# === Finite differences ===


def _choose_entries(model, max_entries, seed=0):
    entries = [
        (index, entry)
        for index, variable in enumerate(model.trainable_variables)
        for entry in np.ndindex(*variable.shape)
    ]
    if len(entries) > max_entries:
        picks = np.random.default_rng(seed).choice(len(entries), max_entries, False)
        entries = [entries[i] for i in sorted(picks)]
    return entries


def _central_difference(model, loss_fn, x, y, index, entry, epsilon):
    variable = model.trainable_variables[index]
    original = np.array(keras.ops.convert_to_numpy(variable.value))
    values = []
    for step in (epsilon, -epsilon):
        moved = original.copy()
        moved[entry] += step
        variable.assign(moved)
        values.append(_objective_value(model, loss_fn, x, y))
    variable.assign(original)
    return (values[0] - values[1]) / (2 * epsilon)


def _float64_copy(model):
    """The same model and weights, computing in float64."""

    def to_float64(layer):
        config = layer.get_config()
        config["dtype"] = "float64"
        return layer.__class__.from_config(config)

    try:
        copy = keras.models.clone_model(model, clone_function=to_float64)
    except Exception as error:  # Subclassed models may not clone by layer.
        raise ValueError(
            f"check_gradients copies the model to float64 layer by layer, "
            f"which failed for {model.name!r}: {error}. Build the model with "
            f"keras.config.set_floatx('float64') and pass that instead."
        ) from error
    copy.set_weights([np.asarray(w, "float64") for w in model.get_weights()])
    return copy


@contextlib.contextmanager
def _float64_backend():
    # Regularisation losses and new tensors follow floatx; JAX computes in
    # float32 unless 64-bit types are switched on.
    floatx = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        if keras.backend.backend() == "jax":
            import jax

            with jax.enable_x64(True):
                yield
        else:
            yield
    finally:
        keras.config.set_floatx(floatx)
