"""The examples run, in their quick mode, as users would run them, and what
they print and write holds up: accuracies parsed from their output beat a
trivial baseline computed here, and their files agree with each other."""

import base64
import json
import math
import re
import struct

import nbclient
import nbformat
import numpy as np
import pytest

from kzoo._internal import files
from kzoo.data import load_mnist
from tests.subprocesses import ROOT, explain, run_python

SCRIPTS = sorted(
    p.name for p in (ROOT / "examples").glob("*.py") if not p.name.startswith("test_")
)
CHECKED = {"keras_project.py", "binary_logistic_regression.py"}
NOTEBOOK = "live_learning_curves.ipynb"


def test_examples_are_there():
    assert set(SCRIPTS) == CHECKED, "a new example needs its content checks here"
    notebooks = {p.name for p in (ROOT / "examples").glob("*.ipynb")}
    assert notebooks == {NOTEBOOK}, "a new notebook needs its checks here"
    assert (ROOT / "examples" / "test_my_model.py").is_file()


def test_users_model_tests_pass_under_pytest_with_the_plugin_alone():
    # A fresh pytest in examples/: no conftest there, so the fixtures come
    # from kzoo's installed plugin, as in a user's project.
    args = [
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        "0",
        "examples/test_my_model.py",
    ]
    result = run_python(args, "tensorflow")
    assert result.returncode == 0, explain(result)
    assert re.search(r"^\d+ passed", result.stdout, flags=re.M), explain(result)
    assert "failed" not in result.stdout


def run_example(name, *args):
    result = run_python([str(ROOT / "examples" / name), "--quick", *args], "tensorflow")
    assert result.returncode == 0, explain(result)
    return result.stdout


def figure(pattern, text):
    """The number(s) a pattern captures in `text`; fails if it is not there."""
    found = re.findall(pattern, text, flags=re.M)
    assert len(found) == 1, f"expected one line matching {pattern!r} in:\n{text}"
    return found[0]


@pytest.fixture(scope="module")
def labels():
    # The examples load MNIST as a user's script does, so from the source
    # that load_mnist finds here too: on a machine with no MNIST (the default
    # run), the bundled sample.
    (_, y_train), (_, y_test) = load_mnist()
    return y_train, y_test


def test_binary_example_picks_on_dev_and_tests_once(labels):
    out = run_example("binary_logistic_regression.py")
    y_train, y_test = labels
    # The trivial baseline: always answer "not a 7".
    dev_baseline = 1 - np.mean(y_train[:6000] == 7)  # The quick mode's images.
    test_baseline = 1 - np.mean(y_test == 7)

    train, dev = map(int, figure(r"^train (\d+), dev (\d+) from the training", out))
    assert (train, dev) == (5400, 600)  # 90/10 of the 6,000 training images.
    dev_accuracy = {
        name: float(value)
        for name, value in re.findall(r"^(.+): dev accuracy (\d\.\d{4})$", out, re.M)
    }
    assert set(dev_accuracy) == {"kzoo logistic regression", "own sigmoid model"}
    for name, accuracy in dev_accuracy.items():
        # A model that learnt nothing scores the baseline; 1.0 on 600 images
        # would be suspicious for a linear model.
        assert dev_baseline + 0.02 < accuracy < 1.0, (name, accuracy, dev_baseline)

    picked, test = figure(r"^picked on dev: (.+); test accuracy (\d\.\d{4}) on", out)
    assert picked == max(dev_accuracy, key=dev_accuracy.get)
    assert test_baseline + 0.03 < float(test) < 1.0, (test, test_baseline)
    assert figure(r"test accuracy \S+ on (\d+)$", out) == str(len(y_test))
    # The test set is used once, after every dev figure.
    assert out.count("test accuracy") == 1
    assert out.rindex("dev accuracy") < out.index("test accuracy")
    # The bias/variance report measured the same dev set as the dev figure.
    dev_error = float(figure(r"^  dev error +(\d+\.\d\d)%  \(95%: ", out)) / 100
    assert dev_error == pytest.approx(
        1 - dev_accuracy["kzoo logistic regression"], abs=1e-4
    )


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_keras_project_example_trains_and_writes_consistent_files(tmp_path, labels):
    run = tmp_path / "run"
    out = run_example("keras_project.py", "--out", str(run))
    _, y_test = labels
    test = float(figure(r"^test accuracy: (\d\.\d{4}); curves and report in", out))
    majority = np.bincount(y_test).max() / len(y_test)  # About 0.11.
    assert majority + 0.4 < test < 1.0, (test, majority)

    # One epoch of 1,710 images (2,000, less 10% dev and 5% of the rest for
    # train-dev) at batch size 64.
    history = files.read_csv(run / "history.csv")
    assert [row["epoch"] for row in history] == ["0"]
    row = {key: float(value) for key, value in history[0].items()}
    for key in ("loss", "val_loss", "accuracy", "val_accuracy"):
        assert math.isfinite(row[key]), key
    assert row["learning_rate"] == pytest.approx(0.5 / (0 + 5.0))  # c1 / (t + c2)
    batches = files.read_csv(run / "batches.csv")
    assert len(batches) == math.ceil(1710 / 64)
    first, last = float(batches[0]["loss"]), float(batches[-1]["loss"])
    assert first == pytest.approx(math.log(10), rel=0.1)  # Untrained softmax.
    assert last < 0.8 * first
    assert png_size(run / "curves.png") == (1400, 420)  # Three panels.

    report = json.loads((run / "bias_variance.json").read_text())
    assert report["human_error"] == 0.002
    # The report and the history measured the same dev set with the same weights.
    assert report["dev_error"] == pytest.approx(1 - row["val_accuracy"], abs=1e-6)
    assert report["avoidable_bias"] == pytest.approx(report["train_error"] - 0.002)
    assert report["data_mismatch"] == pytest.approx(
        report["dev_error"] - report["train_dev_error"]
    )
    # 90 train-dev images: the error is a whole number of them.
    assert report["train_dev_error"] * 90 == pytest.approx(
        round(report["train_dev_error"] * 90)
    )
    page = (run / "bias_variance.md").read_text()
    assert f"**Verdict: {report['verdict']}.**" in page
    assert f"| dev error | {report['dev_error']:.2%} |" in page


def test_the_live_curves_notebook_redraws_in_place_in_a_real_kernel(tmp_path):
    # A real Jupyter kernel (ipykernel) runs the notebook, as in Jupyter: the
    # kernel, not a test double, decides that LearningCurves is in a notebook.
    notebook = nbformat.read(ROOT / "examples" / NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # Its runs/ go here.
    )
    client.execute()
    outputs = [o for cell in notebook.cells if "outputs" in cell for o in cell.outputs]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    # One image, redrawn in place: each redraw replaced it, none was added.
    assert len(images) == 1, [o.output_type for o in outputs]
    png = base64.b64decode(images[0]["data"]["image/png"])
    assert png[:4] == b"\x89PNG"
    text = "".join(o.get("text", "") for o in outputs)
    redraws, epochs, drawing, fit = figure(
        r"^(\d+) redraws of (\d+) epochs, ([\d.]+) s of drawing in ([\d.]+) s", text
    )
    redraws, epochs, drawing, fit = (
        int(redraws),
        int(epochs),
        float(drawing),
        float(fit),
    )
    # Redrawn at least at the first epoch and at the end, into the one
    # image above, but not after every epoch. How many times in between
    # depends on how slow drawing is against training on this machine (2 of
    # 24 when drawing took 0.47 s a time), so that is not pinned.
    assert 2 <= redraws < epochs, text
    # Each throttled redraw is followed by 9 times its cost without one, so
    # drawing takes at most a tenth of the time, plus the last (unthrottled)
    # redraw, which costs a fraction of a second.
    assert drawing <= 0.1 * fit + 1.0, text
    history = files.read_csv(tmp_path / "runs" / "live" / "history.csv")
    assert len(history) == epochs
