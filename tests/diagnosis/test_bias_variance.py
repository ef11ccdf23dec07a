"""The course's bias/variance table, verdict for verdict."""

import numpy as np
import pytest

from kzoo.diagnosis import diagnose, markdown, summary


@pytest.mark.parametrize(
    ("train", "dev", "human", "verdict"),
    [
        (0.01, 0.11, 0.0, "high variance"),
        (0.15, 0.16, 0.0, "high bias"),
        (0.15, 0.30, 0.0, "high bias and high variance"),
        (0.005, 0.01, 0.0, "low bias, low variance"),
        # The same table against a Bayes error of 15%.
        (0.15, 0.16, 0.15, "low bias, low variance"),
    ],
)
def test_course_table(train, dev, human, verdict):
    report = diagnose(train, dev, human_error=human)
    assert report["verdict"] == verdict
    assert report["avoidable_bias"] == pytest.approx(train - human)
    assert report["variance"] == pytest.approx(dev - train)


def test_bayes_error_of_15_percent_gives_low_bias():
    report = diagnose(0.15, 0.16, human_error=0.15)
    assert not report["high_bias"]
    assert report["remedies"] == []


def test_train_dev_separates_variance_from_mismatch():
    mismatch = diagnose(0.01, 0.10, train_dev_error=0.015)
    assert mismatch["verdict"] == "data mismatch"
    assert mismatch["variance"] == pytest.approx(0.005)
    assert mismatch["data_mismatch"] == pytest.approx(0.085)
    assert any("dev data" in r for r in mismatch["remedies"])
    variance = diagnose(0.01, 0.11, train_dev_error=0.10)
    assert variance["verdict"] == "high variance"


def test_remedies_follow_the_recipe():
    bias = " ".join(diagnose(0.15, 0.16)["remedies"])
    assert "bigger network" in bias
    assert "longer" in bias
    assert "optimiser" in bias
    variance = " ".join(diagnose(0.01, 0.11)["remedies"])
    for remedy in ("more training data", "L2", "dropout", "Augment"):
        assert remedy in variance


def test_thresholds_are_configurable():
    assert diagnose(0.01, 0.04)["verdict"] == "high variance"
    assert diagnose(0.01, 0.04, variance_threshold=0.05)["verdict"] == (
        "low bias, low variance"
    )


def test_all_three_problems_at_once():
    report = diagnose(0.10, 0.30, train_dev_error=0.15)
    assert report["verdict"] == "high bias and high variance, and data mismatch"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"human_error": 1.0}, r"human_error=1.0"),
        ({"human_error": -0.01}, r"human_error=-0.01"),
        ({"train_error": 1.5}, r"train_error=1.5"),
        ({"dev_error": "high"}, r"dev_error='high'"),
    ],
)
def test_bad_inputs_fail_naming_them(kwargs, message):
    arguments = {"train_error": 0.1, "dev_error": 0.2, **kwargs}
    with pytest.raises(ValueError, match=message):
        diagnose(**arguments)


def test_summary_and_markdown_say_the_verdict():
    report = diagnose(0.01, 0.11, human_error=0.002)
    assert "high variance" in summary(report)
    page = markdown(report)
    assert "**Verdict: high variance.**" in page
    assert "| dev error | 11.00% |" in page


BAD_RATES = [
    ("0.1", "'0.1'"),  # float("0.1") works, but a string is not a rate.
    (True, "True"),  # Nor is a bool, though it is an int.
    (float("nan"), "nan"),
    (-0.01, "-0.01"),
    (1.01, "1.01"),
    ([0.1], r"\[0.1\]"),
]


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        (name, value, shown)
        for name in ("train_error", "dev_error", "train_dev_error")
        # None means "no train-dev set", so only the other two refuse it.
        for value, shown in BAD_RATES + [(None, "None")] * (name != "train_dev_error")
    ],
)
def test_error_rates_must_be_real_numbers_in_range(name, value, shown):
    arguments = {"train_error": 0.1, "dev_error": 0.2, "train_dev_error": 0.15}
    arguments[name] = value
    with pytest.raises(
        ValueError,
        match=rf"^Argument `{name}` must be an error rate in \[0, 1\]\. "
        rf"Received: {name}={shown}$",
    ):
        diagnose(**arguments)


def test_a_string_human_error_is_refused_naming_it():
    with pytest.raises(ValueError, match=r"`human_error`.*Received: human_error='0.1'"):
        diagnose(0.1, 0.2, human_error="0.1")


@pytest.mark.parametrize(
    "name", ["bias_threshold", "variance_threshold", "mismatch_threshold"]
)
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (-0.01, "-0.01"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        ("0.05", "'0.05'"),
        (False, "False"),
        (None, "None"),
    ],
)
def test_thresholds_must_be_finite_and_non_negative(name, value, shown):
    with pytest.raises(
        ValueError, match=rf"^Argument `{name}` must be .*Received: {name}={shown}$"
    ):
        diagnose(0.1, 0.2, train_dev_error=0.15, **{name: value})


def test_numpy_and_integer_rates_are_accepted_as_plain_floats():
    report = diagnose(
        np.float32(0.25),
        np.float64(0.5),
        human_error=np.float64(0.0),
        train_dev_error=1,
        bias_threshold=np.float32(0.5),
        variance_threshold=0,
        mismatch_threshold=np.int64(1),
    )
    assert report["verdict"] == "high variance"
    assert report["thresholds"] == {"bias": 0.5, "variance": 0.0, "mismatch": 1.0}
    for key in ("train_error", "dev_error", "train_dev_error", "avoidable_bias"):
        assert type(report[key]) is float, key
    assert all(type(t) is float for t in report["thresholds"].values())


# A run on kzoo's bundled sample: 301 of 7,524 training images wrong, 6 of
# a 76-image train-dev set, 14 of a 400-image dev set.
SAMPLE_RUN = {
    "train_error": 301 / 7524,
    "train_dev_error": 6 / 76,
    "dev_error": 14 / 400,
    "human_error": 0.002,
}
SAMPLE_SIZES = {"train_examples": 7524, "train_dev_examples": 76, "dev_examples": 400}


def test_a_gap_inside_the_noise_is_not_enough_data_to_tell():
    # Taken as exact, the 76-image train-dev set makes a verdict of 6 images.
    assert diagnose(**SAMPLE_RUN)["verdict"] == "high bias and high variance"
    report = diagnose(**SAMPLE_RUN, **SAMPLE_SIZES)
    assert report["verdict"] == "high bias; not enough data to tell the variance"
    assert report["calls"] == {
        "bias": "high",
        "variance": "not enough data to tell",
        "mismatch": "low",  # -4.4 points, at most +0.4: not above 2.
    }
    assert report["high_bias"]
    assert not report["high_variance"]
    low, high = report["intervals"]["train_dev_error"]
    assert (low, high) == pytest.approx((0.0367, 0.1617), abs=1e-4)
    assert (
        report["intervals"]["variance"][0] < 0.02 < report["intervals"]["variance"][1]
    )
    assert report["train_dev_examples"] == 76
    assert report["remedies"][-1] == (
        "Measure the train-dev error on more examples before judging the "
        "variance: 76 examples put it (7.89%) anywhere from 3.67% to 16.17%."
    )
    assert not any("more training data" in r for r in report["remedies"])


def test_big_sets_keep_the_course_table():
    sizes = {"train_examples": 10**7, "dev_examples": 10**7}
    for train, dev, human, expected in [
        (0.01, 0.11, 0.0, "high variance"),
        (0.15, 0.16, 0.0, "high bias"),
        (0.15, 0.30, 0.0, "high bias and high variance"),
        (0.005, 0.01, 0.0, "low bias, low variance"),
        (0.15, 0.16, 0.15, "low bias, low variance"),
    ]:
        assert diagnose(train, dev, human_error=human, **sizes)["verdict"] == expected


def test_a_gap_is_called_by_its_whole_interval_against_the_threshold():
    def call(train, dev, n):
        report = diagnose(train, dev, train_examples=n, dev_examples=n)
        return report["calls"]["variance"]

    # Equal errors on 10,000 each: a gap of 0 +/- 0.3 points is plainly low,
    # though its interval holds 0.
    assert call(0.01, 0.01, 10_000) == "low"
    # 2.5 points on 1,000 each: surely above 0, but maybe not above 2.
    assert call(0.01, 0.035, 1000) == "not enough data to tell"
    # The same 2.5 points on 100,000 each: above 2 by more than the noise.
    assert call(0.01, 0.035, 100_000) == "high"
    # 10 points on 1,000 each: above 2 for sure.
    assert call(0.01, 0.11, 1000) == "high"


def test_only_the_sizes_given_count_as_noise():
    # The train error taken as exact, the dev error measured on 50 examples:
    # 3 errors in 50 could come from a rate anywhere in 2.1% to 16.2%.
    report = diagnose(0.01, 0.06, dev_examples=50)
    assert report["intervals"]["train_error"] is None
    assert report["intervals"]["dev_error"] is not None
    assert report["calls"]["variance"] == "not enough data to tell"
    assert report["calls"]["bias"] == "low"
    assert report["verdict"] == "low bias; not enough data to tell the variance"


def test_summary_and_markdown_give_sizes_intervals_and_the_rule():
    report = diagnose(**SAMPLE_RUN, **SAMPLE_SIZES)
    text = summary(report)
    assert "train-dev error  7.89%  (95%: 3.67% to 16.17%, 76 examples)" in text
    assert "variance        +3.89 points  (95%: " in text
    assert "): not enough data to tell" in text
    page = markdown(report)
    assert "**Verdict: high bias; not enough data to tell the variance.**" in page
    assert "| train-dev error | 7.89% | 3.67% to 16.17% | 76 |" in page
    assert "| train error | 4.00% | 3.58% to 4.47% | 7,524 |" in page
    assert "| variance (train-dev - train) | +3.89 points | " in page
    assert "| not enough data to tell |" in page
    assert (
        "A gap counts as high when it is above 2 percentage points by more than "
        "the noise, that is when all of its 95% interval lies above 2 points;"
    ) in " ".join(page.split())


def test_markdown_without_sizes_says_the_rates_are_taken_as_exact():
    page = markdown(diagnose(0.01, 0.11, human_error=0.002))
    assert "| variance (dev - train) | +10.00 points | high |" in page
    assert "A gap counts as high when it is above 2 percentage points. No set" in page
    assert "95%" not in page


def test_a_report_from_before_set_sizes_still_reads():
    report = diagnose(0.01, 0.11)
    for key in ("calls", "intervals", "train_examples", "dev_examples"):
        del report[key]
    del report["train_dev_examples"]
    assert "variance        +10.00 points: high" in summary(report)
    assert "| variance (dev - train) | +10.00 points | high |" in markdown(report)


@pytest.mark.parametrize("name", ["train_examples", "dev_examples"])
@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (-5, "-5"), (2.5, "2.5"), (True, "True"), ("76", "'76'")],
)
def test_set_sizes_must_be_positive_integers(name, value, shown):
    with pytest.raises(
        ValueError,
        match=rf"^Argument `{name}` must be a positive integer\. "
        rf"Received: {name}={shown}$",
    ):
        diagnose(0.1, 0.2, **{name: value})


def test_a_train_dev_size_needs_a_train_dev_error():
    with pytest.raises(
        ValueError, match=r"`train_dev_examples` needs a `train_dev_error`"
    ):
        diagnose(0.1, 0.2, train_dev_examples=76)
