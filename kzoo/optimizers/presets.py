"""Optimizer presets with the course's defaults.

Each preset returns a real Keras optimizer, so it compiles, saves and loads
like any other. The presets differ from Keras's constructors only in their
defaults, which follow the course:

| preset     | Keras class | defaults                                         |
|------------|-------------|--------------------------------------------------|
| `sgd`      | SGD         | learning_rate=0.01                               |
| `momentum` | SGD         | learning_rate=0.01, beta=0.9                     |
| `rmsprop`  | RMSprop     | learning_rate=0.001, beta=0.9, epsilon=1e-8      |
| `adam`     | Adam        | learning_rate=0.001, beta_1=0.9, beta_2=0.999,   |
|            |             | epsilon=1e-8 (Keras's own default is 1e-7)       |

On momentum: the course writes v = beta*v + (1-beta)*dW; W -= alpha*v, while
Keras's SGD writes v = beta*v - alpha*dW; W += v. The two trace the same path
when Keras's learning rate is alpha*(1-beta), so a course learning rate alpha
corresponds to `momentum(learning_rate=alpha * (1 - beta))` here.
"""

import inspect

import keras

from kzoo._internal.validation import (
    check_bool,
    check_fraction,
    check_non_negative,
    check_positive,
    check_positive_int,
    did_you_mean,
)
from kzoo.optimizers._registry import PRESETS
from kzoo.optimizers.weight_average import keep_weight_average_apart

# What every Keras optimizer takes (keras.optimizers.Optimizer's arguments),
# so every preset takes it too: an average of the weights (`use_ema`, the
# course's exponentially weighted average applied to W), clipping, decay.
COMMON_SETTINGS = (
    "weight_decay",
    "clipnorm",
    "clipvalue",
    "global_clipnorm",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "gradient_accumulation_steps",
)

# Each common setting's check. Keras takes use_ema="x" or clipnorm=-1
# without a word, so kzoo checks them before they reach the config (Keras
# still checks what it checks, e.g. gradient_accumulation_steps >= 2).
_COMMON_CHECKS = {
    "weight_decay": check_non_negative,
    "clipnorm": check_positive,
    "clipvalue": check_positive,
    "global_clipnorm": check_positive,
    "use_ema": check_bool,
    "ema_momentum": check_fraction,
    "ema_overwrite_frequency": check_positive_int,
    "gradient_accumulation_steps": check_positive_int,
}


def _checked_common(settings):
    """`settings` with each common setting checked (None means Keras's default)."""
    return {
        name: value
        if value is None or name not in _COMMON_CHECKS
        else _COMMON_CHECKS[name](name, value)
        for name, value in settings.items()
    }


def _check_learning_rate(learning_rate):
    # Schedules (such as kzoo.schedules.ReciprocalDecay) pass through as is.
    if isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule):
        return learning_rate
    return check_positive("learning_rate", learning_rate)


@PRESETS.register
def sgd(learning_rate=0.01):
    """Plain mini-batch gradient descent: W -= alpha * dW."""
    return keras.optimizers.SGD(learning_rate=_check_learning_rate(learning_rate))


@PRESETS.register
def momentum(learning_rate=0.01, beta=0.9, nesterov=False):
    """Gradient descent with momentum (beta=0.9, about the last 10 steps)."""
    return keras.optimizers.SGD(
        learning_rate=_check_learning_rate(learning_rate),
        momentum=check_fraction("beta", beta),
        nesterov=bool(nesterov),
    )


@PRESETS.register
def rmsprop(learning_rate=0.001, beta=0.9, epsilon=1e-8):
    """RMSProp: divides each step by a running root mean square of dW."""
    return keras.optimizers.RMSprop(
        learning_rate=_check_learning_rate(learning_rate),
        rho=check_fraction("beta", beta),
        epsilon=check_positive("epsilon", epsilon),
    )


@PRESETS.register
def adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    """Adam: momentum and RMSProp together, with bias correction."""
    return keras.optimizers.Adam(
        learning_rate=_check_learning_rate(learning_rate),
        beta_1=check_fraction("beta_1", beta_1),
        beta_2=check_fraction("beta_2", beta_2),
        epsilon=check_positive("epsilon", epsilon),
    )


def get(optimizer="adam", learning_rate=None, **settings):
    """Resolves `optimizer` to a Keras optimizer.

    Args:
        optimizer: A preset name (`"sgd"`, `"momentum"`, `"rmsprop"`,
            `"adam"`), another optimizer name Keras knows (such as `"adamw"`,
            built with Keras's defaults), a serialized optimizer dict, or a
            `keras.optimizers.Optimizer`, returned as is. Defaults to `"adam"`.
        learning_rate: A float > 0 or a
            `keras.optimizers.schedules.LearningRateSchedule`. `None` keeps the
            optimizer's default. Must be `None` when `optimizer` is already an
            optimizer instance. Defaults to `None`.
        **settings: The optimizer's other settings, e.g. `beta_1=0.95` for
            `"adam"` or `beta=0.99` for `"momentum"` (a preset's arguments,
            else the Keras class's), and what every Keras optimizer takes
            (`COMMON_SETTINGS`: `use_ema=True, ema_momentum=0.999` evaluates
            and saves an average of the weights). None with an optimizer
            instance.

    Returns:
        A `keras.optimizers.Optimizer`.
    """
    if isinstance(optimizer, keras.optimizers.Optimizer):
        for name, value in {"learning_rate": learning_rate, **settings}.items():
            if value is not None:
                raise ValueError(
                    f"Argument `{name}` must be None when `optimizer` is an "
                    "optimizer instance; set it on the instance instead. "
                    f"Received: {name}={value!r}"
                )
        return keep_weight_average_apart(optimizer)
    kwargs = {} if learning_rate is None else {"learning_rate": learning_rate}
    if isinstance(optimizer, str) and optimizer in PRESETS:
        preset = PRESETS.get(optimizer)
        own = inspect.signature(preset).parameters
        _check_settings(optimizer, settings, [*own, *COMMON_SETTINGS])
        common = {k: settings.pop(k) for k in list(settings) if k not in own}
        common = _checked_common(common)
        resolved = preset(**kwargs, **settings)
        if common:  # Through the config, which the constructor reads.
            resolved = type(resolved).from_config({**resolved.get_config(), **common})
        return keep_weight_average_apart(resolved)
    if isinstance(optimizer, (str, dict)):
        resolved = _keras_optimizer(optimizer)
        if resolved is not None:
            if settings:
                config = resolved.get_config()
                _check_settings(optimizer, settings, config)
                settings = _checked_common(settings)
                resolved = type(resolved).from_config({**config, **settings})
            if learning_rate is not None:
                resolved.learning_rate = _check_learning_rate(learning_rate)
            return keep_weight_average_apart(resolved)
    raise PRESETS.unknown(
        optimizer,
        note="Any optimizer name, config dict or instance Keras accepts works too.",
    )


def _check_settings(optimizer, settings, known):
    """Raises a ValueError naming a setting `optimizer` does not take."""
    known = [name for name in known if name != "learning_rate"]
    for name in settings:
        if name not in known:
            hint = did_you_mean(name, known)
            raise ValueError(
                f"Optimizer {optimizer!r} takes no setting {name!r}.{hint} It "
                f"takes: {', '.join(known)}."
            )


def _keras_optimizer(identifier):
    try:
        return keras.optimizers.get(identifier)
    except (ValueError, TypeError):
        return None
