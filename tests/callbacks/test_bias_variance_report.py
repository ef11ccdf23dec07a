"""BiasVarianceReport: inference-mode errors, files, logs and a summary."""

import json

import keras
import numpy as np
import pytest

import kzoo
from kzoo.callbacks import BiasVarianceReport, LearningCurves
from kzoo.diagnosis import diagnose


def data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    return x, (x[:, 0] + 0.3 * rng.normal(size=n) > 0).astype(int)


def error_of(model, x, y):
    p = model.predict(x, verbose=0)
    predicted = (p[:, 0] > 0.5).astype(int) if p.shape[-1] == 1 else p.argmax(-1)
    return float(np.mean(predicted != y))


def test_errors_are_measured_in_inference_mode(tmp_path):
    train, dev, train_dev = data(128, 0), data(64, 1), data(64, 2)
    # Heavy dropout makes the running training metric worse than the model.
    model = kzoo.create_model(
        "mlp", input_shape=(4,), num_classes=2, hidden_units=(16,), dropout=0.8
    )
    report = BiasVarianceReport(
        human_error=0.01,
        train_data=train,
        dev_data=dev,
        train_dev_data=train_dev,
        log_dir=tmp_path,
        verbose=0,
    )
    model.fit(*train, epochs=3, verbose=0, callbacks=[report])
    assert report.report["train_error"] == pytest.approx(error_of(model, *train))
    assert report.report["dev_error"] == pytest.approx(error_of(model, *dev))
    assert report.report["train_dev_error"] == pytest.approx(
        error_of(model, *train_dev)
    )
    saved = json.loads((tmp_path / "bias_variance.json").read_text())
    assert saved["verdict"] == report.report["verdict"]
    assert (
        f"**Verdict: {saved['verdict']}.**"
        in (tmp_path / "bias_variance.md").read_text()
    )


def test_the_report_knows_how_many_examples_each_error_rests_on(tmp_path):
    x, y = data(300, 0)
    model = kzoo.create_model("mlp", input_shape=(4,), num_classes=2, hidden_units=(8,))
    report = BiasVarianceReport(
        train_data=(x, y),
        dev_data=data(40, 1),
        train_dev_data=data(12, 2),
        log_dir=tmp_path,
        max_train_samples=200,  # The training error is measured on 200.
        verbose=0,
    )
    model.fit(x, y, epochs=1, verbose=0, callbacks=[report])
    saved = json.loads((tmp_path / "bias_variance.json").read_text())
    sizes = {k: saved[k] for k in saved if k.endswith("_examples")}
    assert sizes == {
        "train_examples": 200,
        "dev_examples": 40,
        "train_dev_examples": 12,
    }
    errors = {k: saved[k] for k in ("train_error", "dev_error", "train_dev_error")}
    expected = diagnose(**errors, **sizes)
    assert saved["calls"] == expected["calls"]
    assert saved["intervals"] == expected["intervals"]
    page = (tmp_path / "bias_variance.md").read_text()
    assert "| error | rate | 95% interval | examples |" in page
    assert f"| train-dev error | {saved['train_dev_error']:.2%} | " in page
    assert page.count(" | 12 |") == 1


def test_summary_is_printed_at_the_end(capsys):
    model = kzoo.create_model("logistic_regression", input_shape=(4,))
    report = BiasVarianceReport(train_data=data(32, 0), dev_data=data(32, 1))
    model.fit(*data(32, 0), epochs=1, verbose=0, callbacks=[report])
    assert "Bias/variance:" in capsys.readouterr().out


def test_figures_reach_the_logs_of_later_callbacks(tmp_path):
    train, dev = data(64, 0), data(32, 1)
    model = kzoo.create_model("mlp", input_shape=(4,), num_classes=2, hidden_units=(4,))
    report = BiasVarianceReport(
        train_data=train, dev_data=dev, every_n_epochs=2, verbose=0
    )
    csv = keras.callbacks.CSVLogger(str(tmp_path / "log.csv"))
    curves = LearningCurves(tmp_path / "curves")
    history = model.fit(*train, epochs=4, verbose=0, callbacks=[report, csv, curves])
    assert history.history["bv_dev_error"]  # Keras's own History sees them.
    header = (tmp_path / "log.csv").read_text().splitlines()[0]
    assert "bv_train_error" in header
    assert "bv_variance" in header
    frame = curves.dataframe()
    assert frame["bv_dev_error"].notna().tolist() == [True, False, True, False]


def test_one_instance_serves_several_fits():
    model = kzoo.create_model("logistic_regression", input_shape=(4,))
    report = BiasVarianceReport(train_data=data(32, 0), dev_data=data(32, 1), verbose=0)
    for _ in range(2):
        model.fit(*data(32, 0), epochs=1, verbose=0, callbacks=[report])
        assert report.report["dev_error"] == pytest.approx(
            error_of(model, *data(32, 1))
        )


def test_training_subset_is_capped():
    x, y = data(500, 0)
    report = BiasVarianceReport(
        train_data=(x, y), dev_data=data(10, 1), max_train_samples=100
    )
    assert len(report.train_data[0]) == 100


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"human_error": 1.0}, r"human_error=1.0"),
        ({"human_error": -0.2}, r"human_error=-0.2"),
        ({"train_data": np.zeros(3)}, r"`train_data`"),
        (
            {"dev_data": (np.zeros((3, 4)), np.zeros(2))},
            r"`dev_data\[1\]` must hold 3 labels",
        ),
        ({"thresholds": {"bias": 0.01, "varience": 0.1}}, r"`thresholds`"),
        ({"every_n_epochs": 0}, r"every_n_epochs=0"),
    ],
)
def test_bad_arguments_fail_naming_them(kwargs, message):
    arguments = {"train_data": data(8, 0), "dev_data": data(8, 1), **kwargs}
    with pytest.raises(ValueError, match=message):
        BiasVarianceReport(**arguments)
