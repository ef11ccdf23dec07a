"""`data_parallel` over two devices: every kind of layer in the zoo, with
the in-model augmentation and kzoo's callbacks, trains as on one device."""

import os
import re

import pytest

from kzoo import distribution
from tests.subprocesses import ROOT, Background, explain, run_python

TWO_DEVICES = str(ROOT / "tests" / "distribution" / "two_devices.py")

# Models of the registry, trained for 2 epochs of 4 steps on one device and
# then on two, from the same seed and the same global batches. The models
# that take an augmentation carry one in the model (random rotation, shift
# and zoom drawn in the train step), so its random numbers are compared too.
# The callbacks run and write their files in both runs. What one device and
# two can do differently is a layer's (summation order, batch statistics,
# random draws), so the models trained are the fewest that hold every kind
# of layer the zoo builds (`covering`), compared where the engine promises
# equality: a model added with a new kind of layer joins them. Each model
# costs a trace and a compilation twice over, which made this CI's longest
# test when it trained all of them. tests/models/test_zoo.py trains every
# model on each backend, on one device.
TRAIN_ON_ONE_AND_TWO = """
import inspect, sys, tempfile
import numpy as np, keras
import kzoo
from kzoo import distribution
from kzoo.augmentation import Augmentation
from kzoo.callbacks import BiasVarianceReport, LearningCurves

rng = np.random.default_rng(0)
x = rng.random((64, 28, 28), dtype="float32")
y = rng.integers(0, 10, 64)
dev = (x[:33], y[:33])  # Odd: the replicas cannot share it evenly.
augment = Augmentation(rotation=10, translation=0.1, zoom=0.1, placement="model")


def create(name):
    builder = kzoo.models._registry.MODELS.get(name)
    takes = "augment" in inspect.signature(builder).parameters
    extra = {"augment": augment} if takes and AUGMENT else {}
    return kzoo.create_model(name, num_classes=10, **extra)


def per_replica(model):
    # TensorFlow's strategy keeps batch statistics per replica and draws
    # each replica's dropout alike: such models are not one device's there.
    return BACKEND == "tensorflow" and any(
        isinstance(layer, (keras.layers.BatchNormalization, keras.layers.Dropout))
        for layer in model._flatten_layers()
    )


# The fewest models (greedily, in registry order) that hold every kind of
# layer of the models `names`; a kind that a compared model (not per
# replica) holds counts only in compared ones.
def covering(names):
    models = {name: create(name) for name in names}
    kinds = {
        name: {type(layer).__name__ for layer in model._flatten_layers()}
        for name, model in models.items()
    }
    compared = set().union(*(kinds[n] for n in names if not per_replica(models[n])))

    def covers(name):
        return kinds[name] - compared if per_replica(models[name]) else kinds[name]

    needed, chosen = set().union(*kinds.values()), []
    while needed:
        best = max(names, key=lambda name: len(covers(name) & needed))
        chosen.append(best)
        needed -= covers(best)
    return chosen


def train(name):
    keras.utils.set_random_seed(0)
    model = create(name)
    log_dir = tempfile.mkdtemp()
    callbacks = [
        LearningCurves(log_dir),
        BiasVarianceReport(train_data=(x, y), dev_data=dev, log_dir=log_dir, verbose=0),
    ]
    history = model.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0,
                        validation_data=(x[:32], y[:32]), callbacks=callbacks)
    return history.history, callbacks[1].report, per_replica(model)


worst = {}
chosen = covering(kzoo.list_models())
print("models covering every kind of layer:", ", ".join(chosen))
for name in chosen:
    one, report_one, separate = train(name)
    with distribution.data_parallel() as replicas:
        assert replicas == 2, replicas
        two, report_two, _ = train(name)
    for key in ("loss", "val_loss"):
        a, b = np.array(one[key]), np.array(two[key])
        assert np.all(np.isfinite(b)), (name, key, b)
        gap = float(np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-3)))
        worst[name] = max(worst.get(name, 0.0), gap)
    assert report_two["dev_examples"] == 33
    kind = "(per replica: not compared)" if separate else ""
    print(name, f"relative gap {worst[name]:.1e}", kind)
    if separate:
        del worst[name]
far = {name: gap for name, gap in worst.items() if gap > TOLERANCE}
assert not far, far
print("all models match")
"""


# On JAX the in-model augmentation is drawn for the global batch, as on one
# device; on TensorFlow each replica draws its own (the same numbers, see
# below), so the augmented models are compared on JAX only; and there batch
# norm's statistics are per replica (Keras's default, `synchronized=False`).
BACKENDS = {"jax": True, "tensorflow": False}  # backend: with augmentation
ZOO_RUNS = pytest.StashKey()


def start():
    """Both backends' runs, started in the background once pytest has
    collected this test (tests/conftest.py): minutes of child processes
    that overlap the rest of the suite."""
    return {backend: _zoo_run(backend) for backend in BACKENDS}


def _zoo_run(backend):
    # Summation order differs between one device and two; 2e-3 of the loss
    # bounds that over 8 steps (gaps seen: <= 1e-6, 4e-4 with batch norm).
    code = TRAIN_ON_ONE_AND_TWO.replace("TOLERANCE", "2e-3")
    code = code.replace("AUGMENT", str(BACKENDS[backend]))
    code = code.replace("BACKEND", repr(backend))
    return Background([TWO_DEVICES, "-c", code], backend)


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_every_kind_of_layer_trains_on_two_devices_as_on_one(backend, request):
    runs = request.config.stash.get(ZOO_RUNS, None) or {}
    result = (runs.get(backend) or _zoo_run(backend)).result()
    assert result.returncode == 0, explain(result)
    assert "all models match" in result.stdout, explain(result)
    print(result.stdout)


def test_outside_a_distribution_one_replica_and_no_engine():
    assert distribution.replicas() == 1
    assert distribution.engine() is None


def test_on_one_device_it_sets_no_engine():
    # This process has one device (two_devices.py makes two in subprocesses).
    with distribution.data_parallel() as replicas:
        assert replicas == distribution.replicas() == 1
        assert distribution.engine() is None


def test_a_named_device_gets_the_engine_all_the_same():
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    device = {"jax": "cpu:0", "tensorflow": "/cpu:0"}[backend]
    with distribution.data_parallel(devices=[device]) as replicas:
        assert replicas == distribution.replicas() == 1
        expected = {"jax": "DataParallel", "tensorflow": "MirroredStrategy"}[backend]
        assert expected in distribution.engine()
    assert distribution.engine() is None


def test_a_device_this_machine_lacks_is_refused_by_name():
    refused = "Argument `devices` must name devices of this machine: cpu:0"
    with (
        pytest.raises(ValueError, match=re.escape(refused)) as error,
        distribution.data_parallel(devices=["gpu:7"]),
    ):
        pass
    assert "Received: devices=['gpu:7']" in str(error.value)


# Keras 3 on TensorFlow: under MirroredStrategy every replica draws the same
# random numbers from a SeedGenerator, so dropout masks and augmentation
# transforms repeat across the replicas' slices of a batch (the README says
# so). If Keras changes this, this test fails and the README must change.
SAME_DRAWS = """
import keras, numpy as np, tensorflow as tf
from kzoo import distribution

with distribution.data_parallel() as replicas:
    strategy = tf.distribute.get_strategy()
    seeds = keras.random.SeedGenerator(0)
    draws = strategy.run(tf.function(lambda: keras.random.uniform((4,), seed=seeds)))
    a, b = (np.asarray(v) for v in strategy.experimental_local_results(draws))
    print("same draws" if np.array_equal(a, b) else "different draws")
"""


def test_tensorflow_replicas_draw_the_same_random_numbers():
    result = run_python([TWO_DEVICES, "-c", SAME_DRAWS], "tensorflow")
    assert result.returncode == 0, explain(result)
    assert "same draws" in result.stdout, explain(result)
