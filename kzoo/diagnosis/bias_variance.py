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
"""

import numbers

from kzoo._internal.validation import check_fraction, check_non_negative, invalid

DEFAULT_THRESHOLD = 0.02

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
):
    """Returns the gaps, the verdict and the remedies as a dict.

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

    Returns:
        A dict with the errors, `avoidable_bias`, `variance`,
        `data_mismatch` (or `None`), the flags `high_bias`,
        `high_variance`, `data_mismatch_high`, the `verdict` string and the
        `remedies` list; every figure a plain `float`.

    Raises:
        ValueError: naming the argument and its value, for an error rate that
            is not a real number in range (a string such as `"0.1"` or a bool
            included) or a threshold that is negative, NaN or infinite.
    """
    human_error = check_fraction("human_error", human_error)
    train_error = _check_error("train_error", train_error)
    dev_error = _check_error("dev_error", dev_error)
    if train_dev_error is not None:
        train_dev_error = _check_error("train_dev_error", train_dev_error)
    bias_threshold = check_non_negative("bias_threshold", bias_threshold)
    variance_threshold = check_non_negative("variance_threshold", variance_threshold)
    mismatch_threshold = check_non_negative("mismatch_threshold", mismatch_threshold)
    avoidable_bias = train_error - human_error
    if train_dev_error is None:
        variance, mismatch = dev_error - train_error, None
    else:
        variance = train_dev_error - train_error
        mismatch = dev_error - train_dev_error
    flags = {
        "high bias": avoidable_bias > bias_threshold,
        "high variance": variance > variance_threshold,
        "data mismatch": mismatch is not None and mismatch > mismatch_threshold,
    }
    problems = [name for name, high in flags.items() if high]
    return {
        "human_error": human_error,
        "train_error": train_error,
        "train_dev_error": train_dev_error,
        "dev_error": dev_error,
        "avoidable_bias": avoidable_bias,
        "variance": variance,
        "data_mismatch": mismatch,
        "high_bias": flags["high bias"],
        "high_variance": flags["high variance"],
        "data_mismatch_high": flags["data mismatch"],
        "thresholds": {
            "bias": bias_threshold,
            "variance": variance_threshold,
            "mismatch": mismatch_threshold,
        },
        "verdict": verdict(problems),
        # In problem order, each remedy once (two problems may share one).
        "remedies": list(dict.fromkeys(r for p in problems for r in REMEDIES[p])),
    }


def verdict(problems):
    """The course's wording for a list of problems."""
    if not problems:
        return "low bias, low variance"
    if problems[:2] == ["high bias", "high variance"]:
        head = "high bias and high variance"
        return head if len(problems) == 2 else f"{head}, and data mismatch"
    return " and ".join(problems)


def summary(report):
    """A few lines for people: errors, gaps, verdict and the first remedies."""
    lines = [
        f"Bias/variance: {report['verdict']}",
        f"  human {report['human_error']:.2%}  train {report['train_error']:.2%}"
        + (
            f"  train-dev {report['train_dev_error']:.2%}"
            if report["train_dev_error"] is not None
            else ""
        )
        + f"  dev {report['dev_error']:.2%}",
        f"  avoidable bias {report['avoidable_bias']:+.2%}  variance "
        f"{report['variance']:+.2%}"
        + (
            f"  data mismatch {report['data_mismatch']:+.2%}"
            if report["data_mismatch"] is not None
            else ""
        ),
    ]
    lines += [f"  - {remedy}" for remedy in report["remedies"]]
    return "\n".join(lines)


def markdown(report):
    """The report as a Markdown page."""
    rows = [
        ("human (Bayes proxy) error", report["human_error"]),
        ("train error", report["train_error"]),
        ("train-dev error", report["train_dev_error"]),
        ("dev error", report["dev_error"]),
        ("avoidable bias", report["avoidable_bias"]),
        ("variance", report["variance"]),
        ("data mismatch", report["data_mismatch"]),
    ]
    table = "\n".join(
        f"| {name} | {value:.2%} |" for name, value in rows if value is not None
    )
    remedies = "\n".join(f"- {r}" for r in report["remedies"]) or "- None needed."
    thresholds = report["thresholds"]
    return (
        f"# Bias/variance report\n\n**Verdict: {report['verdict']}.**\n\n"
        f"| quantity | value |\n|---|---|\n{table}\n\n"
        f"A gap is high above: bias {thresholds['bias']:.2%}, variance "
        f"{thresholds['variance']:.2%}, mismatch {thresholds['mismatch']:.2%}.\n\n"
        f"## Remedies\n\n{remedies}\n"
    )


def _check_error(name, value):
    """Checks an error rate: a real number in [0, 1] (not a str, not a bool)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not 0.0 <= value <= 1.0  # NaN fails this too.
    ):
        raise invalid(name, value, "must be an error rate in [0, 1]")
    return float(value)
