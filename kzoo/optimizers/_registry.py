"""The optimizer presets' registry, by name; Keras loads only with a preset."""

from kzoo._internal.registry import Registry

PRESETS = Registry(
    "optimizer",
    argument="optimizer",
    built_in=dict.fromkeys(
        ("sgd", "momentum", "rmsprop", "adam"), "kzoo.optimizers.presets"
    ),
)


def list_optimizers(pattern="*"):
    """Returns the names of the presets that match a shell-style `pattern`."""
    return PRESETS.names(pattern)
