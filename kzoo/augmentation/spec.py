"""`Augmentation`: one spec of random transforms, placed in tf.data or the model.

The course calls data augmentation "free" regularisation. The same spec runs
in one of two places, chosen by `placement`:

- `"pipeline"`: inside tf.data on the CPU, overlapped with training by
  prefetch (`kzoo.data.make_pipeline` applies it).
- `"model"`: as a `kzoo.layers.RandomAugmentation` layer at the front of the
  model, so it runs on the accelerator and is skipped at inference (the
  builders' `augment=` argument inserts it, through
  `RandomAugmentation.from_spec`).

Each consumer applies the spec only where its placement says, so a recipe
can pass one spec to both. Both placements run the same arithmetic
(`kzoo.augmentation._warp`) on the same kind of uniform draws, so they give
the same distribution of transforms.
"""

import dataclasses

from kzoo._internal.validation import (
    check_non_negative,
    check_non_negative_int,
    check_one_of,
    check_positive,
    invalid,
)

PLACEMENTS = ("pipeline", "model")


@dataclasses.dataclass(frozen=True)
class Augmentation:
    """Random transforms of image batches.

    Args:
        rotation: Largest rotation in degrees, drawn uniformly from
            [-rotation, rotation]. Defaults to `0.0`.
        translation: Largest shift as a fraction of the height and width.
            Defaults to `0.0`.
        zoom: Largest relative zoom; the scale is drawn from
            [1 - zoom, 1 + zoom]. Defaults to `0.0`.
        elastic_alpha: Strength, in pixels, of Simard et al.'s elastic
            distortion; 0 turns it off. Defaults to `0.0`.
        elastic_sigma: Smoothness, in pixels, of the elastic field. Defaults
            to `4.0`.
        cutout: Side, in pixels, of a square zeroed at a random place; 0
            turns it off. Defaults to `0`.
        placement: `"pipeline"` or `"model"`. Defaults to `"pipeline"`.

    Example:

    ```python
    spec = kzoo.data.Augmentation(rotation=10, translation=0.1, zoom=0.1)
    train = kzoo.data.make_pipeline(x, y, batch_size=128, training=True,
                                    augment=spec)
    ```
    """

    rotation: float = 0.0
    translation: float = 0.0
    zoom: float = 0.0
    elastic_alpha: float = 0.0
    elastic_sigma: float = 4.0
    cutout: int = 0
    placement: str = "pipeline"

    def __post_init__(self):
        for name in ("rotation", "translation", "zoom", "elastic_alpha"):
            check_non_negative(name, getattr(self, name))
        check_non_negative_int("cutout", self.cutout)  # Whole pixels.
        if self.rotation > 180:
            raise invalid("rotation", self.rotation, "must be at most 180 degrees")
        if self.translation >= 1:
            raise invalid("translation", self.translation, "must be < 1")
        if self.zoom >= 1:
            raise invalid("zoom", self.zoom, "must be < 1")
        check_positive("elastic_sigma", self.elastic_sigma)
        check_one_of("placement", self.placement, PLACEMENTS)

    @property
    def is_identity(self):
        """True when the spec transforms nothing."""
        return not (
            self.rotation
            or self.translation
            or self.zoom
            or self.elastic_alpha
            or self.cutout
        )

    def get_config(self):
        """The spec as a JSON-friendly dict; `Augmentation(**config)` rebuilds it."""
        return dataclasses.asdict(self)


def resolve(augment):
    """Returns an `Augmentation` from a spec, a config dict or `None`."""
    if augment is None or isinstance(augment, Augmentation):
        return augment
    if isinstance(augment, dict):
        try:
            return Augmentation(**augment)
        except TypeError as error:
            raise invalid(
                "augment", augment, f"has an unknown field ({error})"
            ) from None
    raise invalid(
        "augment", augment, "must be a kzoo.data.Augmentation, a dict or None"
    )
