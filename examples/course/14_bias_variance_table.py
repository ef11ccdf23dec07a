"""The course's bias/variance table, diagnosed by kzoo.diagnosis.diagnose.

Four (train error, dev error) pairs against a human error of 0%, and the
second again against a Bayes error of 15%. Nothing is trained here: these
are the course's numbers, so quick and full runs are the same. The verdicts
come from the library's rule (a gap above 2 points is high), not from here.
"""

import sys

from kzoo.course import Finding, main, new_figure, save_figure
from kzoo.diagnosis import diagnose

TITLE = "The bias/variance table: gaps to human error and to dev error"
# (train error, dev error, human/Bayes error, the course's verdict)
CASES = [
    (0.01, 0.11, 0.0, "high variance"),
    (0.15, 0.16, 0.0, "high bias"),
    (0.15, 0.30, 0.0, "high bias and high variance"),
    (0.005, 0.01, 0.0, "low bias, low variance"),
    (0.15, 0.16, 0.15, "low bias, low variance"),
]


def run(setting):
    reports = [
        diagnose(train_error=t, dev_error=d, human_error=h) for t, d, h, _ in CASES
    ]
    agree = [r["verdict"] == case[3] for r, case in zip(reports, CASES, strict=True)]
    figure, (axis,) = new_figure(1, title=TITLE, width=11)
    labels = [
        f"train {t:.1%}, dev {d:.1%}\nhuman {h:.0%}\n{r['verdict']}"
        for (t, d, h, _), r in zip(CASES, reports, strict=True)
    ]
    positions = range(len(CASES))
    bias = [100 * r["avoidable_bias"] for r in reports]
    variance = [100 * r["variance"] for r in reports]
    axis.bar([p - 0.2 for p in positions], bias, 0.4, label="avoidable bias")
    axis.bar([p + 0.2 for p in positions], variance, 0.4, label="variance")
    axis.axhline(
        2, color="black", linestyle="--", linewidth=1, label="threshold (2 pts)"
    )
    axis.set_xticks(list(positions), labels, fontsize=8)
    axis.set_ylabel("gap (percentage points)")
    axis.legend()
    values = {f"case{i + 1}_agrees": float(a) for i, a in enumerate(agree)}
    values |= {f"case{i + 1}_bias": b / 100 for i, b in enumerate(bias)}
    values |= {f"case{i + 1}_variance": v / 100 for i, v in enumerate(variance)}
    return Finding(
        claim="(1%, 11%) is high variance, (15%, 16%) high bias, (15%, 30%) both, "
        "(0.5%, 1%) neither; with a Bayes error of 15%, (15%, 16%) is no longer "
        "high bias.",
        measured=f"{sum(agree)} of {len(CASES)} verdicts match the course's: "
        + "; ".join(r["verdict"] for r in reports)
        + ".",
        look="Compare the second and last pairs of bars: the same 15% training "
        "error is a 15-point bias gap against a human at 0% and no gap at all "
        "against a Bayes error of 15%.",
        holds=all(agree),
        values=values,
        figure=save_figure(figure, setting.figure_path()),
    )


if __name__ == "__main__":
    sys.exit(main(__name__))
