"""The multilayer perceptron: the course's deep fully connected network."""

from kzoo._internal.validation import check_positive_ints
from kzoo.models._builder import zoo_model


@zoo_model
def mlp(blocks, *, hidden_units=(256, 128)):
    """A fully connected network: [Dense -> (BN) -> g -> (dropout)] * L -> head.

    Args:
        hidden_units: Units of each hidden layer, in order.
    """
    hidden_units = check_positive_ints("hidden_units", hidden_units)

    # === Layers ===
    inputs, x = blocks.flat_inputs()
    for index, units in enumerate(hidden_units):
        x = blocks.dense(x, units, name=f"hidden_{index}")
    return inputs, x
