"""Bias/variance diagnosis against human or Bayes error, the course's recipe.

Gaps, as error rates in [0, 1]:

- avoidable bias = train error - human (Bayes) error;
- variance = dev error - train error, or train-dev error - train error when
  a train-dev set (training distribution, never trained on) is given;
- data mismatch = dev error - train-dev error (only with a train-dev set).

A gap is high when it exceeds its threshold. The default threshold of 0.02
(2 percentage points) reproduces the course's examples exactly:

| train | dev | human | verdict |
|-------|-----|-------|---------|
| 1%    | 11% | 0%    | high variance |
| 15%   | 16% | 0%    | high bias |
| 15%   | 30% | 0%    | high bias and high variance |
| 0.5%  | 1%  | 0%    | low bias, low variance |
| 15%   | 16% | 15%   | low bias, low variance |

Error rates measured on a few dozen images are noisy: 6 errors in 76 images
is 7.89%, but anything from 3.7% to 16.2% could have given it. With the set
sizes, each rate gets a 95% Wilson interval and each gap the 95% interval
of a difference of two rates (`kzoo.diagnosis.interval`), and a gap is
called against its threshold by its whole interval:

- "high" when all of the interval is above the threshold;
- "low" when all of it is at or below the threshold;
- "not enough data to tell" when the interval straddles the threshold.

Why the threshold and not zero: the verdict is about whether a gap is above
2 points, so that is what the data must settle. A gap of 0.0 +/- 0.3 points
is plainly low, though its interval holds 0; a gap of 2.5 +/- 2.4 points is
surely real but may well be under 2. Without sizes the rates are taken as
exact, each interval is a point, and the calls are the course's table above.
"""

import collections
import numbers

from kzoo._internal.validation import (
    check_fraction,
    check_non_negative,
    check_positive_int,
    invalid,
)
from kzoo.diagnosis.interval import difference, wilson

DEFAULT_THRESHOLD = 0.02
NOT_ENOUGH_DATA = "not enough data to tell"
# Each problem of a verdict, and the gap (a `thresholds` key) that shows it.
PROBLEMS = {
    "high bias": "bias",
    "high variance": "variance",
    "data mismatch": "mismatch",
}
# The gaps by name, as a sentence names them.
GAP_NAMES = {"bias": "bias", "variance": "variance", "mismatch": "data mismatch"}
# The sets, as a sentence names them.
SET_NAMES = {"train": "training", "train_dev": "train-dev", "dev": "dev"}

REMEDIES = {
    "high bias": [
        "Train a bigger network (more units or layers).",
        "Train longer.",
        "Use a better optimiser (momentum, RMSProp, Adam) or tune its rate.",
        "Try another architecture.",
    ],
    "high variance": [
        "Get more training data.",
        "Regularise: L2 (`l2=`) or dropout (`dropout=`).",
        "Augment the data (`kzoo.data.Augmentation`).",
        "Try another architecture.",
    ],
    "data mismatch": [
        "Make the training data more like the dev data: study the dev errors, "
        "collect or synthesise similar training examples.",
    ],
}


def diagnose(
    train_error,
    dev_error,
    human_error=0.0,
    train_dev_error=None,
    bias_threshold=DEFAULT_THRESHOLD,
    variance_threshold=DEFAULT_THRESHOLD,
    mismatch_threshold=DEFAULT_THRESHOLD,
    train_examples=None,
    dev_examples=None,
    train_dev_examples=None,
):
    """Returns the gaps, their calls, the verdict and the remedies as a dict.

    Args:
        train_error: Error rate on training data, measured in inference mode,
            a number in [0, 1].
        dev_error: Error rate on the dev set, in [0, 1].
        human_error: Human-level error as a proxy for Bayes error, in
            [0, 1). Defaults to `0.0`.
        train_dev_error: Error rate on a train-dev set, in [0, 1], or `None`.
            Defaults to `None`.
        bias_threshold, variance_threshold, mismatch_threshold: The gap above
            which each problem is called high, a finite number >= 0. Default
            to `0.02`.
        train_examples, dev_examples, train_dev_examples: How many examples
            each error rate was measured on, a positive integer, or `None` to
            take that rate as exact. Default to `None`.

    Returns:
        A dict with the errors and set sizes (`train_examples`, ...);
        `avoidable_bias`, `variance`, `data_mismatch` (or `None`); their 95%
        `intervals` (a rate's is `None` without its size); the `calls`
        `{"bias": ..., "variance": ..., "mismatch": ...}`, each "high",
        "low" or "not enough data to tell" (the mismatch's `None` without a
        train-dev set); the flags `high_bias`, `high_variance`,
        `data_mismatch_high` (true for a "high" call); the `thresholds`; the
        `verdict` string and the `remedies` list; every figure a plain
        `float`.

    Raises:
        ValueError: naming the argument and its value, for an error rate that
            is not a real number in range (a string such as `"0.1"` or a bool
            included), a threshold that is negative, NaN or infinite, or a
            set size that is not a positive integer.
    """
    human_error = check_fraction("human_error", human_error)
    rates = {
        "train": _rate("train", train_error, train_examples),
        "dev": _rate("dev", dev_error, dev_examples),
    }
    if train_dev_error is not None:
        rates["train_dev"] = _rate("train_dev", train_dev_error, train_dev_examples)
    elif train_dev_examples is not None:
        raise invalid(
            "train_dev_examples", train_dev_examples, "needs a `train_dev_error`"
        )
    thresholds = {
        "bias": check_non_negative("bias_threshold", bias_threshold),
        "variance": check_non_negative("variance_threshold", variance_threshold),
        "mismatch": check_non_negative("mismatch_threshold", mismatch_threshold),
    }
    train, dev = rates["train"], rates["dev"]
    gaps = {  # Each gap's value and its 95% interval.
        "bias": (
            train.rate - human_error,
            tuple(b - human_error for b in train.interval),
        )
    }
    if "train_dev" in rates:
        gaps["variance"] = _gap(rates["train_dev"], train)
        gaps["mismatch"] = _gap(dev, rates["train_dev"])
    else:
        gaps["variance"] = _gap(dev, train)
    calls = dict.fromkeys(GAP_NAMES)
    for name, (_, interval) in gaps.items():
        calls[name] = _call(interval, thresholds[name])
    problems = [p for p, gap in PROBLEMS.items() if calls[gap] == "high"]
    remedies = [r for p in problems for r in REMEDIES[p]] + _measure_more(calls, rates)
    train_dev = rates.get("train_dev", _Rate(None, None, None))
    mismatch = gaps.get("mismatch", (None, None))
    return {
        "human_error": human_error,
        "train_error": train.rate,
        "train_dev_error": train_dev.rate,
        "dev_error": dev.rate,
        "train_examples": train.examples,
        "train_dev_examples": train_dev.examples,
        "dev_examples": dev.examples,
        "avoidable_bias": gaps["bias"][0],
        "variance": gaps["variance"][0],
        "data_mismatch": mismatch[0],
        "intervals": {
            **{
                f"{name}_error": list(rate.interval) if rate.examples else None
                for name, rate in rates.items()
            },
            "avoidable_bias": list(gaps["bias"][1]),
            "variance": list(gaps["variance"][1]),
            "data_mismatch": None if mismatch[1] is None else list(mismatch[1]),
        },
        "calls": calls,
        "high_bias": calls["bias"] == "high",
        "high_variance": calls["variance"] == "high",
        "data_mismatch_high": calls["mismatch"] == "high",
        "thresholds": thresholds,
        "verdict": _verdict(calls),
        # In problem order, each remedy once (two problems may share one).
        "remedies": list(dict.fromkeys(remedies)),
    }


def verdict(problems):
    """The course's wording for a list of problems."""
    if not problems:
        return "low bias, low variance"
    if problems[:2] == ["high bias", "high variance"]:
        head = "high bias and high variance"
        return head if len(problems) == 2 else f"{head}, and data mismatch"
    return " and ".join(problems)


def _verdict(calls):
    """The course's verdict, or, where a gap is inside the noise, what is
    known and which gaps the data cannot tell."""
    unknown = [GAP_NAMES[gap] for gap, call in calls.items() if call == NOT_ENOUGH_DATA]
    if not unknown:
        return verdict([p for p, gap in PROBLEMS.items() if calls[gap] == "high"])
    known = [
        f"{calls[gap]} {gap}"
        for gap in ("bias", "variance")
        if calls[gap] in ("high", "low")
    ]
    known += ["data mismatch"] * (calls["mismatch"] == "high")
    told = f"{NOT_ENOUGH_DATA} the {' or the '.join(unknown)}"
    return f"{', '.join(known)}; {told}" if known else told


# An error rate, the examples it was measured on, and its 95% interval.
_Rate = collections.namedtuple("_Rate", ["rate", "examples", "interval"])


def _rate(name, rate, examples):
    rate = _check_error(f"{name}_error", rate)
    if examples is not None:
        examples = check_positive_int(f"{name}_examples", examples)
    return _Rate(rate, examples, wilson(rate, examples))


def _gap(later, earlier):
    return (
        later.rate - earlier.rate,
        difference(later.rate, later.interval, earlier.rate, earlier.interval),
    )


def _call(interval, threshold):
    """A gap's call by its whole 95% interval (see the module's docs)."""
    if interval[0] > threshold:
        return "high"
    if interval[1] <= threshold:
        return "low"
    return NOT_ENOUGH_DATA


def _measure_more(calls, rates):
    """For the gaps the data cannot tell: measure the noisiest set again,
    bigger. Returns a remedy per such set."""
    sets = {
        "bias": ("train",),
        "variance": ("train_dev", "train")
        if "train_dev" in rates
        else ("dev", "train"),
        "mismatch": ("dev", "train_dev"),
    }
    noisiest = {}
    for gap, call in calls.items():
        if call == NOT_ENOUGH_DATA:
            widest = max(sets[gap], key=lambda s: _width(rates[s]))
            noisiest.setdefault(widest, []).append(GAP_NAMES[gap])
    return [
        f"Measure the {SET_NAMES[name]} error on more examples before judging "
        f"the {' or the '.join(gaps)}: {rates[name].examples:,} examples put it "
        f"({rates[name].rate:.2%}) anywhere from {rates[name].interval[0]:.2%} "
        f"to {rates[name].interval[1]:.2%}."
        for name, gaps in noisiest.items()
    ]


def _width(rate):
    return rate.interval[1] - rate.interval[0]


def _check_error(name, value):
    """Checks an error rate: a real number in [0, 1] (not a str, not a bool)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0.0 <= value <= 1.0  # NaN fails this too.
    ):
        raise invalid(name, value, "must be an error rate in [0, 1]")
    return float(value)
