"""The course's softmax example, computed: z = (3, -2, 6).

Softmax exponentiates each logit and divides by the sum, t = e^z and
a = t / sum(t). The slide gives about 0.047, 0.0003 and 0.952. Nothing is
trained here, so quick and full runs are the same.
"""

import sys

import numpy as np

from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Softmax turns z = (3, -2, 6) into (0.047, 0.0003, 0.952)"
Z = (3.0, -2.0, 6.0)
SLIDE = (0.047, 0.0003, 0.952)  # As printed, to the slide's precision.


def run(setting):
    import keras  # Here: kzoo.course.main starts Keras quietly first.

    logits = np.array(Z, dtype="float64")
    exponentials = np.exp(logits)
    # keras.ops, as a model's output layer computes it.
    probabilities = keras.ops.convert_to_numpy(
        keras.ops.softmax(keras.ops.convert_to_tensor(logits))
    ).astype("float64")
    # Each printed figure is the exact one rounded; the slide's three add up
    # to 0.9993, not 1: the rounding, not the softmax, loses 0.0007.
    slide_sum = sum(SLIDE)
    holds = bool(
        all(abs(p - s) <= 0.0005 for p, s in zip(probabilities, SLIDE, strict=True))
        and abs(probabilities.sum() - 1) < 1e-9
    )
    figure, axes = new_figure(3, title=TITLE)
    classes = ["class 1", "class 2", "class 3"]
    _bars(axes[0], classes, logits, "logit z", "{:+.0f}")
    _bars(axes[1], classes, exponentials, "t = e^z", "{:.4g}")
    axes[1].set_yscale("log")
    _bars(axes[2], classes, probabilities, "a = t / sum(t) (probability)", "{:.4f}")
    axes[2].set_ylim(0, 1.1)
    values = {f"a{i + 1}": float(p) for i, p in enumerate(probabilities)}
    values |= {"sum": float(probabilities.sum()), "slide_sum": slide_sum}
    return Finding(
        claim="softmax(3, -2, 6) is about (0.047, 0.0003, 0.952): the largest "
        "logit takes almost all the probability, and the outputs sum to 1.",
        measured=(
            f"a = ({probabilities[0]:.4f}, {probabilities[1]:.5f}, "
            f"{probabilities[2]:.4f}), sum {probabilities.sum():.6f}; the slide's "
            f"rounded figures sum to {slide_sum:.4f}."
        ),
        look="The middle panel's log axis: e^6 is 20 times e^3 and 3,000 times "
        "e^-2, so the third class's share is 0.952, far above its logit's "
        "share of anything; a logit two below another ends up 20x less likely.",
        holds=holds,
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


def _bars(axis, labels, heights, ylabel, fmt):
    bars = axis.bar(labels, heights, color=["#4c72b0", "#dd8452", "#55a868"])
    axis.bar_label(bars, [fmt.format(h) for h in heights])
    axis.set_ylabel(ylabel)
    axis.axhline(0, color="black", linewidth=0.8)


if __name__ == "__main__":
    sys.exit(main(__name__))
