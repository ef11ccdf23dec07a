"""The README's Python snippets run exactly as written, offline, and do what
they say.

Each snippet runs as a user pastes it, on a machine with no network and no
MNIST on disk (no KZOO_DATA_DIR, an empty home, TFDS offline), in a temporary
working directory for the files it writes; then the check for its README
section holds what the snippet and its comments claim. The Quickstart runs
once more on the full set, marked `mnist`.
"""

import ast
import math
import re
import socket
import struct
import warnings

import numpy as np
import pytest

import kzoo
from kzoo._internal.files import read_csv
from kzoo.data import mnist
from kzoo.layers import RandomAugmentation
from tests.subprocesses import ROOT

README = (ROOT / "README.md").read_text()


def python_snippets():
    """`{section heading: its Python block}` for each README section with one."""
    snippets = {}
    for section in re.split(r"^## ", README, flags=re.M)[1:]:
        heading = section.splitlines()[0]
        blocks = re.findall(r"^```python\n(.*?)^```", section, flags=re.M | re.S)
        assert len(blocks) <= 1, f"README section {heading!r}: one snippet each"
        if blocks:
            snippets[heading] = blocks[0]
    return snippets


SNIPPETS = python_snippets()


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """A user's fresh machine: no network, no MNIST, an empty working directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("KZOO_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(home))  # No Keras cache: ~/.keras is empty.
    monkeypatch.setenv("KERAS_HOME", str(home / ".keras"))
    monkeypatch.setattr(mnist, "_from_tfds", lambda: None)  # TFDS offline.

    def refuse(*args, **kwargs):
        raise OSError("no network in this test: the README must work offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run_snippet(heading):
    """Runs the README's snippet as written; returns its global names."""
    namespace = {"__name__": "__readme__"}
    exec(compile(SNIPPETS[heading], f"README.md, {heading}", "exec"), namespace)
    return namespace


def run_on_the_sample(heading):
    """Runs the snippet offline; fails unless it fell back to the sample.

    Only the sample's warning is caught: any other still fails the test, as
    pyproject.toml's filters say.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.filterwarnings("always", message="kzoo could not find MNIST")
        names = run_snippet(heading)
    messages = [str(warning.message) for warning in caught]
    assert any("bundled SAMPLE of 8000 train" in m for m in messages), messages
    return names


def test_every_snippet_is_run_and_checked():
    assert "Quickstart" in SNIPPETS
    assert set(SNIPPETS) == set(CHECKS), "a new README snippet needs its check here"


@pytest.mark.parametrize("heading", list(SNIPPETS))
def test_readme_snippet_runs_offline_as_written(heading, offline, request):
    CHECKS[heading](heading, offline, request)


# === Checks, one per README section ===


def check_quickstart(heading, work, request):
    capsys = request.getfixturevalue("capsys")
    names = run_on_the_sample(heading)
    # Offline, load_mnist fell back to the bundled sample, as the comment says.
    assert names["x_train"].shape == (8000, 28, 28)
    # The list the comment shows is how kzoo.list_models() begins.
    shown = re.search(
        r"print\(kzoo\.list_models\(\)\)  # \[(.*), \.\.\.\]", SNIPPETS[heading]
    )
    printed = ast.literal_eval(capsys.readouterr().out.splitlines()[0])
    assert printed == kzoo.list_models()
    assert printed[: len(shown[1].split(", "))] == ast.literal_eval(f"[{shown[1]}]")
    assert (work / "mlp.keras").is_file()
    # About 0.91 on the sample's 7,200 training images (chance: 0.1); the
    # full set's ~0.97 is held by test_quickstart_on_full_mnist below.
    check_restored_model(names, min_accuracy=0.88)


def check_restored_model(names, min_accuracy):
    model, restored = names["model"], names["restored"]
    x_test, y_test = names["x_test"], names["y_test"]
    scores = model.evaluate(x_test, y_test, verbose=0)
    assert scores[1] > min_accuracy
    # The file holds that model: the same predictions on real digits.
    assert restored is not model
    expected = model.predict(x_test[:512], verbose=0)
    np.testing.assert_allclose(
        restored.predict(x_test[:512], verbose=0), expected, rtol=1e-5, atol=1e-6
    )
    assert restored.evaluate(x_test, y_test, verbose=0) == pytest.approx(
        scores, rel=1e-5
    )


def check_data(heading, work, request):
    names = run_on_the_sample(heading)
    model = names["model"]
    layers = [x for x in model.layers if isinstance(x, RandomAugmentation)]
    assert len(layers) == 1  # placement="model": in the model, saved with it.
    history = model.history.history
    assert len(history["val_accuracy"]) == 2
    # It learns: the comment says ~0.9 on the dev set (0.93 in a new-user run
    # on the sample); chance is 0.1.
    assert history["val_accuracy"][-1] > 0.75, history
    assert history["val_loss"][-1] < history["val_loss"][0] < math.log(10), history


def check_monitoring(heading, work, request):
    names = run_on_the_sample(heading)
    run = work / "runs" / "monitoring"
    history = read_csv(run / "history.csv")
    assert [row["epoch"] for row in history] == ["0", "1", "2"]
    # alpha = c1 / (t + c2), t counting epochs: each epoch's own rate, 1/10,
    # 1/11, 1/12.
    for epoch, row in enumerate(history):
        rate = float(row["learning_rate"])
        assert rate == pytest.approx(1 / (epoch + 10), rel=1e-5)
    # Each batch's own loss, an epoch of `steps` batches at a time.
    assert len(read_csv(run / "batches.csv")) == 3 * names["steps"]
    png = (run / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert min(struct.unpack(">II", png[16:24])) > 100
    # The report came first, so history.csv holds its figures, measured on
    # the dev set with the weights that validation used.
    last = {key: float(value) for key, value in history[-1].items()}
    assert last["bv_dev_error"] == pytest.approx(1 - last["val_accuracy"], abs=1e-6)
    report = names["callbacks"][0].report
    assert report["human_error"] == 0.002
    assert report["dev_error"] == pytest.approx(last["bv_dev_error"], abs=1e-6)
    assert (run / "bias_variance.json").is_file()
    assert (run / "bias_variance.md").is_file()
    assert last["val_accuracy"] > 0.5  # Three epochs of SGD learn; chance is 0.1.


def check_testing_your_models(heading, work, request):
    names = run_snippet(heading)
    tests = {name: f for name, f in names.items() if name.startswith("test_")}
    assert list(tests) == ["test_my_model"]
    # As pytest would run it, with the fixture from kzoo's plugin.
    tests["test_my_model"](request.getfixturevalue("kzoo_digits"))


def check_choosing_the_learning_rate(heading, work, request):
    capsys = request.getfixturevalue("capsys")
    names = run_on_the_sample(heading)
    sweep = names["sweep"]
    assert 1e-7 <= sweep.suggestion <= sweep.minimum < 10
    assert capsys.readouterr().out.startswith("suggested learning rate: ")
    for name in ("lr_find.csv", "lr_find.png", "lr_find.json"):
        assert (work / "runs" / "my_sweep" / name).is_file()


def check_searching_hyperparameters(heading, work, request):
    names = run_on_the_sample(heading)
    tuner = names["tuner"]
    trials = tuner.oracle.trials.values()
    assert len(trials) == 3
    for trial in trials:
        values = trial.hyperparameters.values
        assert 64 <= values["units"] <= 256
        assert values["hidden_layers"] == 1
        assert 1e-3 <= values["one_minus_beta_1"] <= 1e-1
    best = tuner.oracle.get_best_trials(1)[0]
    assert best.score > 0.5  # One epoch on the sample learns; chance is 0.1.
    assert (work / "runs" / "search").is_dir()


def check_more_than_one_device(heading, work, request):
    names = run_on_the_sample(heading)
    # One device here: one replica, and the odd-sized set counted in full.
    assert names["replicas"] == 1
    assert set(names["scores"]) >= {"loss", "accuracy"}
    assert 0.0 <= names["scores"]["accuracy"] <= 1.0


CHECKS = {
    "More than one device": check_more_than_one_device,
    "Quickstart": check_quickstart,
    "Searching hyperparameters": check_searching_hyperparameters,
    "Choosing the learning rate": check_choosing_the_learning_rate,
    "Data": check_data,
    "Monitoring": check_monitoring,
    "Testing your models": check_testing_your_models,
}


@pytest.mark.mnist
def test_quickstart_on_full_mnist(mnist_dir, offline, monkeypatch):
    # mnist_dir first: it reads KZOO_DATA_DIR before `offline` removes it.
    monkeypatch.setenv("KZOO_DATA_DIR", str(mnist_dir))
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="kzoo could not find MNIST")
        names = run_snippet("Quickstart")
    assert names["x_train"].shape == (60_000, 28, 28)
    # Three epochs of the README's MLP on MNIST: the comment says about 0.97.
    check_restored_model(names, min_accuracy=0.96)
