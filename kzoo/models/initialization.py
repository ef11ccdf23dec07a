"""Initialisation follows the activation: the course's rule, written once.

He initialisation (variance 2/fan_in) keeps the signal's variance constant
through ReLU layers, which zero half their inputs; Glorot/Xavier suits the
symmetric, saturating tanh and sigmoid and the identity. Two refinements that
the course's derivation implies:

- Leaky ReLU passes a fraction `a` of negative inputs, so its He gain is
  2 / (1 + a**2) rather than 2 (a = 0.2, Keras's default slope).
- SELU is self-normalising only under LeCun-normal initialisation (1/fan_in).
"""

import keras

# Keras's `leaky_relu` activation string uses this negative slope.
LEAKY_RELU_SLOPE = 0.2

HE_ACTIVATIONS = (
    "relu",
    "relu6",
    "elu",
    "celu",
    "gelu",
    "silu",
    "swish",
    "mish",
    "hard_silu",
    "hard_swish",
    "softplus",
)
GLOROT_ACTIVATIONS = (
    "tanh",
    "sigmoid",
    "hard_sigmoid",
    "hard_tanh",
    "softsign",
    "linear",
)


def _he():
    return keras.initializers.HeNormal()


def _he_leaky():
    return keras.initializers.VarianceScaling(
        scale=2.0 / (1.0 + LEAKY_RELU_SLOPE**2),
        mode="fan_in",
        distribution="truncated_normal",
    )


def _glorot():
    return keras.initializers.GlorotUniform()


# activation name -> a factory of fresh initializers (one instance per layer,
# so that no two layers ever share an initializer's state).
RULES = {
    **dict.fromkeys(HE_ACTIVATIONS, _he),
    "leaky_relu": _he_leaky,
    "selu": keras.initializers.LecunNormal,
    **dict.fromkeys(GLOROT_ACTIVATIONS, _glorot),
}


def supported_activations():
    """Returns the activations that have an initialisation rule."""
    return sorted(RULES)


def initializer_for(activation):
    """Returns a fresh initializer that suits `activation`.

    Args:
        activation: An activation name from `supported_activations()`.

    Returns:
        A new `keras.initializers.Initializer`.
    """
    try:
        return RULES[activation]()
    except (KeyError, TypeError):
        raise ValueError(
            "Argument `activation` must be one of "
            f"{', '.join(supported_activations())} (or pass `kernel_initializer` "
            "to use another Keras activation). "
            f"Received: activation={activation!r}"
        ) from None
