"""The named schedules a recipe picks by name.

alpha_0 is the recipe's `learning_rate`:

| name         | learning rate                                                |
|--------------|--------------------------------------------------------------|
| `constant`   | alpha_0 throughout                                           |
| `reciprocal` | the course's decay alpha_0 * k / (epoch + k), which halves   |
|              | alpha_0 after k = `decay_epochs` epochs                      |
| `cosine`     | a linear warm-up from alpha_0 / 10 over the first share      |
|              | `warmup` of all steps, then a cosine down to 0 (Keras's      |
|              | `CosineDecay`); short runs such as the speedrun end best     |
|              | near 0                                                       |
"""

from kzoo._internal.validation import check_fraction, check_positive
from kzoo.schedules._registry import register_schedule

# Keras is imported inside the builders: recipes read these signatures to check
# their schedule's arguments, and `kzoo train NAME --help` starts no Keras.


@register_schedule
def constant(learning_rate, steps_per_epoch, epochs):
    """alpha_0 at every step."""
    return learning_rate


@register_schedule
def reciprocal(learning_rate, steps_per_epoch, epochs, decay_epochs=10):
    """The course's decay by epoch: alpha_0 at first, halved after `decay_epochs`."""
    from kzoo.schedules.reciprocal_decay import ReciprocalDecay

    half = check_positive("decay_epochs", decay_epochs)
    return ReciprocalDecay(
        learning_rate * half, half, unit="epoch", steps_per_epoch=steps_per_epoch
    )


@register_schedule
def cosine(learning_rate, steps_per_epoch, epochs, warmup=0.1):
    """A linear warm-up over the share `warmup` of the steps, then a cosine to 0."""
    import keras

    steps = steps_per_epoch * epochs
    warmup_steps = int(steps * check_fraction("warmup", warmup))
    return keras.optimizers.schedules.CosineDecay(
        learning_rate / 10,
        decay_steps=steps - warmup_steps,
        alpha=0.0,
        warmup_target=learning_rate,
        warmup_steps=warmup_steps,
    )
