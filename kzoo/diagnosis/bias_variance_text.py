"""A bias/variance report in words: a few lines to print, a Markdown page.

Both read the dict of `kzoo.diagnosis.diagnose`, and also one written by an
older kzoo (no set sizes, intervals or calls), which reads as exact rates.
"""

from kzoo.diagnosis.bias_variance import GAP_NAMES

ERRORS = [  # (label, the report's key of the rate, of its set size)
    ("human (Bayes proxy) error", "human_error", None),
    ("train error", "train_error", "train_examples"),
    ("train-dev error", "train_dev_error", "train_dev_examples"),
    ("dev error", "dev_error", "dev_examples"),
]


def summary(report):
    """A few lines for people: the verdict, the errors, each gap's call and
    the remedies."""
    lines = [f"Bias/variance: {report['verdict']}"]
    for label, key, size in _errors(report):
        text = f"{report[key]:.2%}"
        interval = report.get("intervals", {}).get(key)
        if interval is not None:
            text += f"  (95%: {_span(interval)}, {report[size]:,} examples)"
        elif size is None:
            text += "  (given)"
        lines.append(f"  {label.replace(' (Bayes proxy)', ''):<16} {text}")
    for name, key, _, call in _gaps(report):
        text = _points(report[key])
        if _sized(report):
            text += f"  (95%: {_span(report['intervals'][key], points=True)})"
        lines.append(f"  {name:<15} {text}: {call}")
    lines += [f"  - {remedy}" for remedy in report["remedies"]]
    return "\n".join(lines)


def markdown(report):
    """The report as a Markdown page."""
    sized = _sized(report)
    errors = "| error | rate |" + " 95% interval | examples |" * sized
    errors += "\n|---|---|" + "---|---|" * sized
    for label, key, size in _errors(report):
        errors += f"\n| {label} | {report[key]:.2%} |"
        if sized:
            interval = report["intervals"].get(key) if size else None
            shown = _span(interval) if interval else "(given)" if not size else ""
            count = f"{report[size]:,}" if size and report[size] else ""
            errors += f" {shown} | {count} |"
    gaps = "| gap | value |" + " 95% interval |" * sized + " call |"
    gaps += "\n|---|---|" + "---|" * sized + "---|"
    for name, key, meaning, call in _gaps(report):
        gaps += f"\n| {name} ({meaning}) | {_points(report[key])} |"
        if sized:
            gaps += f" {_span(report['intervals'][key], points=True)} |"
        gaps += f" {call} |"
    remedies = "\n".join(f"- {r}" for r in report["remedies"]) or "- None needed."
    return (
        f"# Bias/variance report\n\n**Verdict: {report['verdict']}.**\n\n"
        f"{errors}\n\n{gaps}\n\n{_rule(report, sized)}\n\n"
        f"## Remedies\n\n{remedies}\n"
    )


def _rule(report, sized):
    """How a gap is called, in words."""
    thresholds = report["thresholds"]
    if len(set(thresholds.values())) == 1:
        limit = f"{_plain_points(thresholds['bias'])} percentage points"
        that = f"{_plain_points(thresholds['bias'])} points"
    else:
        limit = "its threshold ({} percentage points)".format(
            ", ".join(
                f"{GAP_NAMES[gap]} {_plain_points(value)}"
                for gap, value in thresholds.items()
            )
        )
        that = "that threshold"
    if not sized:
        return (
            f"A gap counts as high when it is above {limit}. No set sizes were "
            "given, so each error rate is taken as exact, with no allowance for "
            "the noise of a small set."
        )
    return (
        f"A gap counts as high when it is above {limit} by more than the "
        f"noise, that is when all of its 95% interval lies above {that}; as "
        f"low when all of its interval lies at or below {that}; and when the "
        "interval straddles the threshold, the sets are too small to settle "
        'it: "not enough data to tell". Each error rate\'s interval is a '
        "Wilson score interval for its number of examples, and each gap's "
        "combines the intervals of its two rates (Newcombe's method)."
    )


def _errors(report):
    return [
        (label, key, size) for label, key, size in ERRORS if report.get(key) is not None
    ]


def _gaps(report):
    """(name, key, what it is, call) of each gap the report has."""
    calls = report.get("calls") or _calls_of_flags(report)
    variance = (
        "train-dev - train"
        if report["train_dev_error"] is not None
        else ("dev - train")
    )
    gaps = [
        ("avoidable bias", "avoidable_bias", "train - human", calls["bias"]),
        ("variance", "variance", variance, calls["variance"]),
        ("data mismatch", "data_mismatch", "dev - train-dev", calls["mismatch"]),
    ]
    return [gap for gap in gaps if report.get(gap[1]) is not None]


def _calls_of_flags(report):
    # A report from before set sizes: exact rates, called by its flags.
    def call(flag):
        return "high" if report.get(flag) else "low"

    return {
        "bias": call("high_bias"),
        "variance": call("high_variance"),
        "mismatch": call("data_mismatch_high"),
    }


def _sized(report):
    return any(report.get(size) for _, _, size in ERRORS if size)


def _points(gap):
    return f"{gap * 100:+.2f} points"


def _plain_points(value):
    return f"{value * 100:g}"


def _span(interval, points=False):
    low, high = interval
    if points:
        return f"{low * 100:+.2f} to {high * 100:+.2f}"
    return f"{low:.2%} to {high:.2%}"
