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
