"""What every zoo builder shares: its arguments, their documentation, compiling.

A zoo model is written as a short architecture function that takes a
`Blocks` and its own keyword arguments and returns `(inputs, features)`.
`zoo_model` turns it into the public builder: a function whose signature is
the shared arguments plus the architecture's own, whose docstring is the
architecture's with every argument documented and its default stated, and
which adds the task's output layer, builds the `keras.Model`, compiles it and
registers it under the architecture's name.
"""

import dataclasses
import inspect
import re
import textwrap

import keras

from kzoo import optimizers
from kzoo.models._registry import check_kwargs, register_model
from kzoo.models.blocks import MNIST_SHAPE, Blocks
from kzoo.task import Task

# The shared arguments, in signature order: (default, documentation). A
# builder states each default itself ("Defaults to `x`."), from its real
# signature, so documentation and code cannot drift apart.
SHARED_ARGS = {
    "input_shape": (
        MNIST_SHAPE,
        "Shape of one example, without the batch axis; the dense models flatten it.",
    ),
    "num_classes": (
        10,
        "2 for one sigmoid output and binary cross-entropy, more for a "
        "softmax and sparse categorical cross-entropy. NumPy integers (what "
        "`y.max() + 1` gives) are accepted.",
    ),
    "activation": (
        "relu",
        "Hidden activation; it picks the initialiser (He for the ReLU family, "
        "Glorot for tanh and sigmoid, see `kzoo.models.initializer_for`).",
    ),
    "dropout": (
        0.0,
        "Inverted-dropout rate after each hidden dense layer, in [0, 1).",
    ),
    "l2": (
        0.0,
        "L2 factor on every kernel, Keras's per-weight factor: the course's "
        "lambda / (2m) is `l2 = lambda / (2 * m)`.",
    ),
    "batch_norm": (
        False,
        "Batch-normalise before each hidden activation (the layer then has no bias).",
    ),
    "kernel_initializer": (
        None,
        "Overrides the activation's initialiser: any identifier that "
        "`keras.initializers.get` accepts, or `None` to follow the activation.",
    ),
    "normalize": (
        None,
        "Training inputs whose mean and variance (per feature, or per channel "
        "for images) normalise the model's inputs inside the model, or `None`.",
    ),
    "augment": (
        None,
        'A `kzoo.data.Augmentation`; with `placement="model"` it becomes the '
        'model\'s first layer (active in training only), and a `"pipeline"` '
        "spec is left to `kzoo.data.make_pipeline`.",
    ),
    "compile": (True, "Whether to compile with the task's loss and accuracy."),
    "optimizer": ("adam", "An optimizer name or instance, see `kzoo.optimizers.get`."),
    "learning_rate": (
        None,
        "A learning rate or schedule for `optimizer`, or `None` for its default.",
    ),
}
# What a `Blocks` carries; the rest (task and compile) the builder handles.
_BLOCKS_ARGS = tuple(inspect.signature(Blocks).parameters)
_POSITIONAL = ("input_shape", "num_classes")


def compile_for_task(model, num_classes, optimizer="adam", learning_rate=None):
    """Compiles `model` with the loss and accuracy metric of its task."""
    task = Task(num_classes)
    model.compile(
        optimizer=optimizers.get(optimizer, learning_rate=learning_rate),
        loss=task.loss(),
        metrics=[task.accuracy()],
    )
    # Build the optimizer's slots now: Keras saves an unbuilt optimizer with
    # 2 variables but builds 6 when loading it, so an untrained compiled model
    # would not load back cleanly ("Skipping variable loading for optimizer").
    model.optimizer.build(model.trainable_variables)
    return model


def zoo_model(architecture=None, *, without=(), **defaults):
    """Turns an architecture function into a registered zoo builder.

    Args:
        architecture: `fn(blocks, *, own_args...) -> (inputs, features)`. Its
            docstring is the summary, with an `Args:` section that documents
            its own arguments (and may re-word a shared one for this model),
            without their defaults.
        without: Shared arguments this model does not take. Defaults to `()`.
        **defaults: Defaults that differ from the shared ones, e.g.
            `dropout=0.5`.

    Returns:
        The builder, registered under the architecture's name.
    """

    def decorator(architecture):
        summary, docs = _parse_docstring(architecture)
        own = dict(list(inspect.signature(architecture).parameters.items())[1:])
        shared = {k: v for k, v in SHARED_ARGS.items() if k not in without}
        _check_architecture(architecture.__name__, own, docs, shared, without)
        parameters = [
            own[key] if key in own else inspect.Parameter(key, _kind(key), default=d)
            for key, (d, _) in shared.items()
        ]
        # The architecture's own arguments come first, as a reader looks for.
        at = len(_POSITIONAL)
        parameters[at:at] = [p for key, p in own.items() if key not in shared]
        spec = _Spec(
            name=architecture.__name__,
            architecture=architecture,
            summary=summary,
            docs={**{k: doc for k, (_, doc) in shared.items()}, **docs},
            own=tuple(own),
            signature=inspect.Signature(parameters),
        )
        return _register(spec, defaults)

    return decorator(architecture) if architecture is not None else decorator


def variant(name, base, summary, **defaults):
    """Registers `base`'s architecture as `name`, with other defaults.

    A named variant, timm-style: the architecture's arguments, kept beside it.
    """
    summary = inspect.cleandoc(summary)
    spec = dataclasses.replace(base.zoo_spec, name=name, summary=summary)
    return _register(spec, defaults)


@dataclasses.dataclass(frozen=True)
class _Spec:
    name: str
    architecture: object
    summary: str
    docs: dict
    own: tuple
    signature: inspect.Signature

    def build(self, arguments):
        num_classes = Task(arguments["num_classes"]).num_classes
        blocks = Blocks(
            **{
                key: arguments[key]
                for key in _BLOCKS_ARGS
                if key in arguments and key not in self.own
            }
        )
        inputs, x = self.architecture(
            blocks, **{key: arguments[key] for key in self.own}
        )
        model = keras.Model(inputs, blocks.head(x, num_classes), name=self.name)
        if arguments["compile"]:
            compile_for_task(
                model, num_classes, arguments["optimizer"], arguments["learning_rate"]
            )
        return model


def _register(spec, defaults):
    parameters = spec.signature.parameters
    unknown = set(defaults) - set(parameters)
    if unknown:
        raise TypeError(f"{spec.name} takes no {sorted(unknown)}.")
    signature = spec.signature.replace(
        parameters=[
            p.replace(default=defaults.get(key, p.default))
            for key, p in parameters.items()
        ]
    )
    missing = [key for key in signature.parameters if key not in spec.docs]
    if missing:
        raise TypeError(f"{spec.name}: document {missing} in its `Args:`.")
    spec = dataclasses.replace(spec, signature=signature)

    def builder(*args, **kwargs):
        check_kwargs(spec.name, builder, kwargs)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise TypeError(f"{spec.name}(): {error}") from None
        bound.apply_defaults()
        return spec.build(bound.arguments)

    builder.__name__ = builder.__qualname__ = spec.name
    builder.__module__ = spec.architecture.__module__
    builder.__signature__ = signature
    builder.__doc__ = _docstring(spec)
    builder.zoo_spec = spec
    return register_model(builder, name=spec.name)


def _check_architecture(name, own, docs, shared, without):
    # Caught when the module is imported, so a zoo model cannot ship with a
    # signature and a docstring that disagree.
    if set(without) - set(SHARED_ARGS):
        raise TypeError(
            f"{name}: `without` names shared arguments. Received: without={without!r}"
        )
    if any(p.kind is not p.KEYWORD_ONLY for p in own.values()):
        raise TypeError(
            f"{name}: after `blocks`, an architecture takes "
            f"keyword-only arguments. Received: {list(own)}"
        )
    stray = sorted(set(docs) - set(own) - set(shared))
    if stray:
        raise TypeError(
            f"{name}: its `Args:` documents {stray}, which it does not take."
        )


def _kind(key):
    if key in _POSITIONAL:
        return inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Parameter.KEYWORD_ONLY


def _parse_docstring(architecture):
    text = inspect.cleandoc(architecture.__doc__ or "")
    summary, _, args = text.partition("\nArgs:\n")
    entries = re.split(r"\n(?=    \w+: )", args.strip("\n")) if args else []
    docs = {}
    for entry in entries:
        key, _, doc = entry.strip().partition(": ")
        docs[key] = " ".join(doc.split())
        if "Defaults to" in doc:
            raise ValueError(
                f"{architecture.__name__}: `{key}` states its default; the "
                "builder adds it from its signature."
            )
    return summary.strip(), docs


def _docstring(spec):
    lines = [spec.summary, "", "Args:"]
    for key, parameter in spec.signature.parameters.items():
        # Keep the default's spaces from breaking the line inside backticks.
        default = repr(parameter.default).replace("'", '"').replace(" ", "\0")
        text = f"{spec.docs[key]} Defaults to `{default}`."
        wrapped = textwrap.fill(
            text, 76, initial_indent=f"    {key}: ", subsequent_indent=" " * 8
        )
        lines.append(wrapped.replace("\0", " "))
    returns = f"A `keras.Model` named `{spec.name}`, compiled for its task unless "
    returns += "`compile=False`."
    lines += [
        "",
        "Returns:",
        textwrap.fill(returns, 76, initial_indent="    ", subsequent_indent="    "),
    ]
    return "\n".join(lines) + "\n"
