"""The course's bias/variance table, verdict for verdict."""

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
