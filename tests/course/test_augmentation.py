import re

import pytest

from tests.course.conftest import SEEDS

EXPERIMENT = "09_augmentation"


@pytest.mark.parametrize("seed", SEEDS)
def test_augmentation_lowers_dev_error_on_few_digits(course_finding, seed):
    values = course_finding(EXPERIMENT, seed)["values"]
    # The plain network learns its few digits by heart; the augmented one
    # never sees the same digit twice, so its training error stays above.
    assert values["train_error_plain"] <= 0.01
    assert values["train_error_augmented"] > values["train_error_plain"]
    # Augmentation lowers the dev error, by at least a point.
    assert values["dev_error_augmented"] < values["dev_error_plain"] - 0.01
    # Not one lucky measurement: ahead at the last two.
    epochs = sorted(
        int(match[1])
        for key in values
        if (match := re.fullmatch(r"dev_error_plain_epoch(\d+)", key))
    )
    assert epochs[-1] == values["epochs"]
    for epoch in epochs[-2:]:
        plain = values[f"dev_error_plain_epoch{epoch}"]
        assert values[f"dev_error_augmented_epoch{epoch}"] < plain
