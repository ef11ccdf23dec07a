"""`RandomAugmentation`: the model placement of `kzoo.data.Augmentation`."""

import keras

from kzoo.augmentation import _warp as warp
from kzoo.augmentation.spec import Augmentation


@keras.saving.register_keras_serializable(package="kzoo")
class RandomAugmentation(keras.layers.Layer):
    """Randomly rotates, shifts, zooms, distorts and cuts out images in training.

    At inference the layer passes images through unchanged; either way it
    returns its compute dtype (bfloat16 under a `mixed_bfloat16` policy).
    It uses only `keras.ops`, so it runs on every backend and
    keeps the model XLA-compilable (`supports_jit` stays True, unlike Keras's
    RandomRotation and RandomTranslation).

    Args:
        rotation, translation, zoom, elastic_alpha, elastic_sigma, cutout:
            As in `kzoo.data.Augmentation`.
        seed: Seed of the layer's random stream; a seeded run repeats
            exactly, while every call draws new transforms. Defaults to
            `None`.
        **kwargs: Base layer arguments, such as `name`.
    """

    def __init__(
        self,
        rotation=0.0,
        translation=0.0,
        zoom=0.0,
        elastic_alpha=0.0,
        elastic_sigma=4.0,
        cutout=0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.spec = Augmentation(
            rotation, translation, zoom, elastic_alpha, elastic_sigma, cutout
        )
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    @classmethod
    def from_spec(cls, spec, seed=None, **kwargs):
        """The layer that applies an `Augmentation` spec inside a model."""
        config = spec.get_config()
        config.pop("placement")
        return cls(**config, seed=seed, **kwargs)

    def call(self, images, training=None):
        if not training or self.spec.is_identity:
            return keras.ops.cast(images, self.compute_dtype)
        # The warp's arithmetic is float32 (its grid, weights and masks):
        # under a bfloat16 or float64 policy TensorFlow would refuse to mix
        # them with the images, so it runs in float32 and casts back.
        images = keras.ops.cast(images, "float32")
        batch = keras.ops.shape(images)[0]
        height, width = images.shape[1], images.shape[2]
        uniforms = keras.random.uniform(
            (batch, warp.NUM_PARAMS), seed=self.seed_generator
        )
        noise = None
        if self.spec.elastic_alpha:
            noise = keras.random.uniform(
                (batch, 2, height, width), seed=self.seed_generator
            )
        out = warp.augment(keras.ops, images, uniforms, noise, self.spec)
        return keras.ops.cast(out, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(self.spec.get_config())
        config.pop("placement")
        config["seed"] = self.seed
        return config
