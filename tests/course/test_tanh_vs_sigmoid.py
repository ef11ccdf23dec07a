import pytest

from tests.course.conftest import SEEDS


@pytest.mark.parametrize("seed", SEEDS)
def test_tanh_learns_faster_than_sigmoid(course_finding, seed):
    values = course_finding("03_tanh_vs_sigmoid", seed)["values"]
    # Same network, same SGD: tanh ends well below sigmoid, and is ahead
    # from the first epoch.
    assert values["tanh_loss"] < 0.8 * values["sigmoid_loss"]
    assert values["tanh_first_epoch_loss"] < values["sigmoid_first_epoch_loss"]
    # Four times the rate, for sigma's four times flatter slope at 0, narrows
    # the gap but does not close it: the rest is tanh's centring.
    assert values["sigmoid_4x_loss"] < values["sigmoid_loss"]
    assert values["tanh_loss"] < values["sigmoid_4x_loss"]
    assert values["tanh_first_epoch_loss"] < values["sigmoid_4x_first_epoch_loss"]
    # Both learned something: below log(10), the loss of a uniform guess.
    assert values["sigmoid_loss"] < 2.3026
