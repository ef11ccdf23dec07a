"""The course's layers, built once and used by every zoo architecture.

- Hidden layers: Z = W.A + b, optional batch norm on Z, then the activation,
  then optional inverted dropout. The kernel's initialiser follows the
  activation (see `kzoo.models.initialization`) unless overridden.
- L2: `l2` is Keras's per-weight factor, added to the mean batch loss as
  l2 * sum(W**2) for every kernel (biases and batch-norm are not decayed). The
  course's lambda/(2m) * sum ||W||^2 is `l2 = lambda / (2 * m)`.
- Output: the task decides it. Two classes get one sigmoid unit and binary
  cross-entropy; more get a softmax and sparse categorical cross-entropy.
- Inputs: optional normalisation with training-set statistics, kept inside
  the model so a saved model normalises its own inputs.
"""

import keras

from kzoo._internal.validation import (
    check_bool,
    check_fraction,
    check_non_negative,
    check_one_of,
    check_positive_int,
    check_positive_ints,
    invalid,
)
from kzoo.augmentation import spec as augmentation
from kzoo.layers.normalization import normalization_layer
from kzoo.layers.random_augmentation import RandomAugmentation
from kzoo.models import initialization
from kzoo.task import Task

# Every builder defaults to MNIST digits as `keras.datasets.mnist` gives them.
MNIST_SHAPE = (28, 28)


class Blocks:
    """Builds layers the course's way, for one model's settings.

    An architecture asks it for its inputs, hidden blocks and output layer,
    so that it states only its own shape. It carries the model's inputs
    (`input_shape`, `normalize`, `augment`) as well as its layer settings.

    Args:
        activation: Hidden-layer activation name. Defaults to `"relu"`.
        l2: L2 factor for every kernel, >= 0. Defaults to `0.0`.
        dropout: Dropout rate after each hidden block, in [0, 1). Defaults to
            `0.0`.
        batch_norm: Whether to batch-normalise Z before each hidden
            activation. Defaults to `False`.
        kernel_initializer: Overrides the activation's initialiser: any
            identifier that `keras.initializers.get` accepts. Defaults to
            `None` (follow the activation).
        input_shape: Shape of one example. Defaults to `(28, 28)`.
        normalize: Training inputs whose statistics normalise the model's
            inputs, or `None`. Defaults to `None`.
        augment: A `kzoo.data.Augmentation` (or its dict), or `None`; one
            placed in the model becomes the first layer, on the raw images.
            Defaults to `None`.

    Example:

    ```python
    blocks = kzoo.models.Blocks("tanh", dropout=0.1, input_shape=(8, 8))
    inputs, x = blocks.flat_inputs()
    x = blocks.dense(x, 16, name="hidden")
    model = keras.Model(inputs, blocks.head(x, num_classes=3))
    ```
    """

    def __init__(
        self,
        activation="relu",
        l2=0.0,
        dropout=0.0,
        batch_norm=False,
        kernel_initializer=None,
        *,
        input_shape=MNIST_SHAPE,
        normalize=None,
        augment=None,
    ):
        self.l2 = check_non_negative("l2", l2)
        self.dropout = check_fraction("dropout", dropout)
        self.batch_norm = check_bool("batch_norm", batch_norm)
        self._initializer_config = _initializer_config(kernel_initializer)
        if self._initializer_config is None:
            initialization.initializer_for(activation)  # Checks the name early.
        else:
            _check_keras_activation(activation)
        self.activation = activation
        self.input_shape = input_shape
        self.normalize = normalize
        self.augment = augment

    # === Weights ===

    def initializer(self):
        """Returns a fresh hidden-layer kernel initialiser."""
        if self._initializer_config is None:
            return initialization.initializer_for(self.activation)
        return keras.initializers.deserialize(self._initializer_config)

    def regularizer(self):
        """Returns the kernel regulariser, or `None` without L2."""
        return keras.regularizers.L2(self.l2) if self.l2 else None

    # === Inputs ===

    def flat_inputs(self, input_shape=None, normalize=None, augment=None):
        """Returns `(inputs, x)`: any input shape, flattened to a vector.

        Vectors are normalised per feature, the course's rule. Inputs of
        shape `(H, W)` or `(H, W, C)` are images, normalised per channel
        before they are flattened: every pixel of a channel measures the same
        thing (ink), and per-pixel statistics would give a pixel that is
        almost always blank a tiny variance, so that a digit that touches it
        (an augmented one, say) puts it hundreds of standard deviations out.
        An `augment` spec placed in the model works on the images before
        they are flattened, so it needs such inputs. Arguments left `None`
        take the values these blocks carry.
        """
        input_shape = _check_input_shape(
            self.input_shape if input_shape is None else input_shape
        )
        inputs = keras.Input(shape=input_shape, name="inputs")
        x = self._augment(inputs, augment)
        if len(input_shape) in (2, 3):
            x = self._normalize(x, normalize)
            return inputs, keras.layers.Flatten(name="flatten_inputs")(x)
        x = keras.layers.Flatten(name="flatten_inputs")(x)
        return inputs, self._normalize(x, normalize)

    def image_inputs(self, input_shape=None, normalize=None, min_size=1, augment=None):
        """Returns `(inputs, x)` for a CNN: `(H, W)` or `(H, W, C)` images.

        A `(H, W)` image gets a channel axis, so arrays shaped like
        `keras.datasets.mnist`'s feed a CNN directly. An `augment` spec whose
        placement is `"model"` becomes the first layer, ahead of the
        normalisation, so it works on raw pixels (0 is the background).
        Arguments left `None` take the values these blocks carry.
        """
        input_shape = _check_input_shape(
            self.input_shape if input_shape is None else input_shape
        )
        if len(input_shape) not in (2, 3) or min(input_shape[:2]) < min_size:
            raise invalid(
                "input_shape",
                input_shape,
                "must be (height, width) or (height, width, channels) with "
                f"height and width >= {min_size} for this CNN",
            )
        inputs = keras.Input(shape=input_shape, name="inputs")
        x = inputs
        if len(input_shape) == 2:
            x = keras.layers.Reshape((*input_shape, 1), name="add_channel")(x)
        return inputs, self._normalize(self._augment(x, augment), normalize)

    def _augment(self, images, augment):
        # First, on the raw pixels (0 is the background), before normalising.
        spec = augmentation.resolve(self.augment if augment is None else augment)
        if spec is None or spec.placement != "model":
            return images
        if len(images.shape) not in (3, 4):
            raise invalid(
                "augment",
                spec,
                "needs image inputs of shape (height, width) or (height, width, "
                f"channels); the input shape is {tuple(images.shape[1:])}",
            )
        return RandomAugmentation.from_spec(spec)(images)

    def _normalize(self, x, normalize):
        normalize = self.normalize if normalize is None else normalize
        if normalize is None:
            return x
        # (H, W) images have one channel: one mean and variance for them all.
        features = (*x.shape[1:], 1) if len(x.shape) == 3 else tuple(x.shape[1:])
        return normalization_layer(normalize, features)(x)

    # === Hidden blocks ===

    def dense(self, x, units, name=None):
        """Dense -> [batch norm] -> activation -> [dropout]."""
        units = check_positive_int("units", units)
        x = keras.layers.Dense(
            units,
            use_bias=not self.batch_norm,
            kernel_initializer=self.initializer(),
            kernel_regularizer=self.regularizer(),
            name=name,
        )(x)
        return self.drop(self._activate(x))

    def conv(
        self,
        x,
        filters,
        kernel_size=3,
        strides=1,
        padding="same",
        name=None,
        batch_norm=None,
    ):
        """Conv2D -> [batch norm] -> activation; call `drop` for dropout.

        `batch_norm` overrides the blocks' setting for this layer.
        """
        filters = check_positive_int("filters", filters)
        if batch_norm is None:
            batch_norm = self.batch_norm
        batch_norm = check_bool("batch_norm", batch_norm)
        x = keras.layers.Conv2D(
            filters,
            kernel_size,
            strides=strides,
            padding=padding,
            use_bias=not batch_norm,
            kernel_initializer=self.initializer(),
            kernel_regularizer=self.regularizer(),
            data_format="channels_last",
            name=name,
        )(x)
        return self._activate(x, batch_norm)

    def pool(self, x, kind="max", size=2):
        """2x2 max or average pooling, channels last."""
        layers = {
            "max": keras.layers.MaxPooling2D,
            "average": keras.layers.AveragePooling2D,
        }
        check_one_of("pooling", kind, tuple(layers))
        return layers[kind](size, data_format="channels_last")(x)

    def drop(self, x):
        """Inverted dropout at the blocks' rate; a no-op at rate 0."""
        return keras.layers.Dropout(self.dropout)(x) if self.dropout else x

    def _activate(self, x, batch_norm=None):
        if self.batch_norm if batch_norm is None else batch_norm:
            # Keras's default momentum of 0.99 leaves the moving statistics
            # far from the data for the first few hundred steps, so a model
            # evaluated after a short run (a CPU speedrun, a smoke test)
            # scores badly; 0.9 is PyTorch's default and tracks in ~20 steps.
            x = keras.layers.BatchNormalization(momentum=0.9)(x)
        return keras.layers.Activation(self.activation)(x)

    # === Output ===

    def head(self, x, num_classes):
        """The task's output layer: 1 sigmoid unit or a `num_classes` softmax."""
        task = Task(num_classes)
        return keras.layers.Dense(
            task.units,
            activation=task.activation,
            # Sigmoid and softmax are saturating: Xavier/Glorot, as for tanh.
            kernel_initializer=keras.initializers.GlorotUniform(),
            kernel_regularizer=self.regularizer(),
            # Under a mixed-precision policy, probabilities stay float32.
            dtype="float32" if _mixed_precision() else None,
            name="predictions",
        )(x)


def _mixed_precision():
    return keras.config.dtype_policy().name.startswith("mixed")


def _check_input_shape(input_shape):
    try:
        return check_positive_ints("input_shape", input_shape, allow_empty=False)
    except ValueError:
        raise invalid(
            "input_shape", input_shape, "must be a tuple of positive integers"
        ) from None


def _initializer_config(kernel_initializer):
    if kernel_initializer is None:
        return None
    try:
        initializer = keras.initializers.get(kernel_initializer)
    except (ValueError, TypeError):
        initializer = None
    if initializer is None:
        raise invalid(
            "kernel_initializer",
            kernel_initializer,
            "must be an initializer Keras knows, e.g. 'he_normal' or 'glorot_uniform'",
        )
    return keras.initializers.serialize(initializer)


def _check_keras_activation(activation):
    try:
        keras.activations.get(activation)
    except (ValueError, TypeError):
        raise invalid(
            "activation", activation, "must be an activation Keras knows"
        ) from None
