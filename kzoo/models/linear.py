"""Linear models: logistic regression (binary) and softmax regression.

Both are one Dense layer on the flattened input: the task's output layer and
nothing before it. They differ only in their default task.
"""

from kzoo.models._builder import zoo_model

# A linear model has no hidden layer for these to shape.
_NO_HIDDEN_LAYERS = ("activation", "dropout", "batch_norm", "kernel_initializer")


@zoo_model(num_classes=2, without=(*_NO_HIDDEN_LAYERS, "augment"))
def logistic_regression(blocks):
    """Logistic regression: y_hat = sigmoid(w.x + b), the course's binary model.

    Args:
        num_classes: 2 for the binary task; more classes give multinomial
            logistic (softmax) regression.
        l2: L2 factor on the weights.
    """
    # === Layers ===
    return blocks.flat_inputs()


@zoo_model(without=(*_NO_HIDDEN_LAYERS, "augment"))
def softmax_regression(blocks):
    """Softmax regression: y_hat = softmax(W.x + b).

    `num_classes=2` gives the binary sigmoid model, as `logistic_regression`.

    Args:
        l2: L2 factor on the weights.
    """
    # === Layers ===
    return blocks.flat_inputs()
