"""`import kzoo` is light, and works on JAX with TensorFlow absent."""

import textwrap

import kzoo
from tests.subprocesses import explain, run_python

TRAIN_AND_SAVE_WITHOUT_TF = textwrap.dedent(
    """
    import os, sys, tempfile
    import numpy as np
    try:
        import tensorflow
    except ImportError:
        pass
    else:
        raise SystemExit("the launcher failed to block tensorflow")

    import keras, kzoo, kzoo.models, kzoo.optimizers
    assert keras.backend.backend() == "jax", keras.backend.backend()
    keras.utils.set_random_seed(0)
    def weights(model):
        return [keras.ops.convert_to_numpy(v) for v in model.trainable_variables]
    x = np.random.default_rng(0).uniform(size=(8, 28, 28)).astype("float32")
    # Every model, each with one preset in turn; every preset, on the
    # smallest model. (Every pair would be 7x the JIT compilations for little
    # more: the backends' tests train every model on JAX too.)
    models, presets = kzoo.list_models(), kzoo.optimizers.list_optimizers()
    pairs = [(m, presets[i % len(presets)]) for i, m in enumerate(models)]
    pairs += [("softmax_regression", p) for p in presets]
    trained, saved = [], set()
    for name, optimizer in pairs:
        model = kzoo.create_model(name, optimizer=optimizer, normalize=x)
        # Labels the model's task can take: 0/1 for one sigmoid unit.
        y = np.arange(8) % (2 if model.output_shape[-1] == 1 else 10)
        before = weights(model)
        # Full-batch steps: the first epoch's loss is the initial weights'.
        history = model.fit(x, y, batch_size=8, epochs=3, verbose=0).history
        start, end = history["loss"][0], history["loss"][-1]
        still = [v.path for v, b, a in zip(model.trainable_variables, before,
                 weights(model)) if np.array_equal(a, b)]
        assert not still, (name, optimizer, "did not change", still)
        assert np.isfinite(end) and end < start, (name, optimizer, start, end)
        trained.append((name, optimizer))
        if name in saved:
            continue
        saved.add(name)
        path = os.path.join(tempfile.mkdtemp(), "m.keras")
        model.save(path)
        loaded = keras.saving.load_model(path)
        np.testing.assert_allclose(
            loaded.predict(x, verbose=0), model.predict(x, verbose=0), atol=1e-6)
    assert "tensorflow" not in sys.modules
    assert {o for _, o in trained} == set(presets), trained
    print("trained", len(trained), "model-optimizer pairs and saved",
          len(saved), "models without tensorflow")
    """
)


def test_kzoo_trains_and_saves_on_jax_without_tensorflow():
    result = run_python(["-c", TRAIN_AND_SAVE_WITHOUT_TF], "jax", block_tensorflow=True)
    assert result.returncode == 0, explain(result)
    models, presets = len(kzoo.list_models()), kzoo.optimizers.list_optimizers()
    assert set(presets) >= {"sgd", "momentum", "rmsprop", "adam"}
    # Every model trained, and every preset.
    assert (
        f"trained {models + len(presets)} model-optimizer pairs and saved {models} "
        "models without tensorflow"
    ) in result.stdout, explain(result)


def test_import_adds_no_heavy_module_to_what_keras_imports():
    # TensorFlow itself imports pandas and matplotlib, so the test measures
    # what `import kzoo` adds on top of `import keras`.
    code = (
        "import sys, keras; before = set(sys.modules); import kzoo; "
        "heavy = {'matplotlib', 'pandas', 'tensorflow_datasets', 'keras_tuner'}; "
        "backend = keras.backend.backend(); "
        "heavy |= {'tensorflow'} if backend == 'jax' else set(); "
        "print(backend, sorted(heavy & (set(sys.modules) - before)))"
    )
    for backend in ("tensorflow", "jax"):
        result = run_python(["-c", code], backend)
        assert result.returncode == 0, explain(result)
        assert result.stdout.strip().splitlines()[-1] == f"{backend} []", explain(
            result
        )


DATA_WITHOUT_TF = textwrap.dedent(
    """
    import numpy as np
    import kzoo
    from kzoo.data import Augmentation, load_mnist, make_pipeline, train_dev_test_split

    (x, y), _ = load_mnist()
    splits = train_dev_test_split(x[:600], y[:600])
    spec = Augmentation(rotation=10, elastic_alpha=2, placement="model")
    model = kzoo.create_model("mnist_cnn", filters=(4, 8), normalize=splits.train[0],
                              augment=spec)
    history = model.fit(*splits.train, validation_data=splits.dev, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    try:
        make_pipeline(x, y, 32, training=True)
    except ImportError as error:
        assert "placement" in str(error), error
    else:
        raise SystemExit("make_pipeline should need TensorFlow")
    print("data ok without tensorflow")
    """
)


def test_data_and_model_augmentation_work_on_jax_without_tensorflow():
    result = run_python(["-c", DATA_WITHOUT_TF], "jax", block_tensorflow=True)
    assert result.returncode == 0, explain(result)
    assert "data ok without tensorflow" in result.stdout
