"""LiveFigure: its checks and its throttle (the notebook itself is run in a
real kernel by tests/test_examples.py)."""

import sys
import types

import pytest

from kzoo.callbacks import LearningCurves
from kzoo.plots import live
from kzoo.plots.live import LiveFigure, in_notebook


class Clock:
    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now


class Figure:
    def __init__(self, clock, seconds):
        self.clock, self.seconds = clock, seconds

    def savefig(self, buffer, format):
        self.clock.now += self.seconds  # Drawing takes this long.
        buffer.write(b"\x89PNG")


@pytest.fixture
def shown(monkeypatch):
    """What IPython would display: each image, and each in-place update."""
    events = []

    class Handle:
        def update(self, image):
            events.append(("update", image))

    def display(image, display_id):
        events.append(("display", image))
        return Handle()

    display_module = types.SimpleNamespace(
        Image=lambda data, format: data, display=display
    )
    monkeypatch.setitem(sys.modules, "IPython.display", display_module)
    return events


def test_redraws_wait_nine_times_their_cost(monkeypatch, shown):
    clock = Clock()
    monkeypatch.setattr(live, "time", clock)
    figure = LiveFigure(overhead=0.1)
    assert figure.due()
    figure.show(lambda: Figure(clock, seconds=0.5))
    assert [kind for kind, _ in shown] == ["display"]
    clock.now += 4.4  # 0.5 s drawing needs 4.5 s without.
    assert not figure.due()
    clock.now += 0.1
    assert figure.due()
    figure.show(lambda: Figure(clock, seconds=0.5))
    assert [kind for kind, _ in shown] == ["display", "update"]
    assert figure.redraws == 2
    assert figure.seconds == pytest.approx(1.0)


@pytest.mark.parametrize("overhead", [0, -0.1, 1.5])
def test_overhead_is_a_share(overhead):
    with pytest.raises(ValueError, match=f"overhead={overhead}"):
        LiveFigure(overhead)


def test_live_must_be_true_false_or_auto(tmp_path):
    with pytest.raises(ValueError, match="live='yes'"):
        LearningCurves(tmp_path, live="yes")


def test_pytest_is_no_notebook():
    assert not in_notebook()
