"""`import kzoo` is light, and works on JAX with TensorFlow absent."""

import textwrap

from tests.subprocesses import explain, run_python


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
