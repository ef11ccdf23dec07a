"""Loading MNIST from the best source available, validated.

`load_mnist` looks, in order, at:

1. `source`, else the `KZOO_DATA_DIR` environment variable: a directory of
   the four original IDX files (gzipped or not), a Keras-format `mnist.npz`,
   or a directory holding one. Set explicitly, a broken source is an error,
   never a silent fall-back.
2. `~/.keras/datasets/mnist.npz`, where `keras.datasets.mnist` caches it.
3. TensorFlow Datasets, if installed (`pip install "kzoo[tfds]"`); it
   downloads when online.
4. A sample of 10,000 real MNIST digits bundled with kzoo, with a loud
   warning.
"""

import logging
import os
import warnings
from importlib import resources
from pathlib import Path

import numpy as np

from kzoo.data.idx import IDXError, read_idx

logger = logging.getLogger(__name__)

IDX_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
KERAS_CACHE = Path("~/.keras/datasets/mnist.npz")
SAMPLE = "mnist_sample.npz"
FULL_SIZES = (60_000, 10_000)
# Human error on MNIST digits is commonly put at about 0.2%; it stands in for
# Bayes error in the bias/variance diagnosis of MNIST models.
MNIST_HUMAN_ERROR = 0.002


def load_mnist(source=None, with_source=False):
    """Loads MNIST as uint8 arrays shaped like `keras.datasets.mnist`'s.

    Args:
        source: A directory of IDX files, an `mnist.npz` file, or a directory
            holding one. `None` tries `KZOO_DATA_DIR`, the Keras cache, TFDS
            and the bundled sample, in that order. Defaults to `None`.
        with_source: Also return a string saying where the data came from.
            Defaults to `False`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: images `(N, 28, 28)` and
        labels `(N,)`, all uint8. With `with_source=True`, a third item says
        where they came from.
    """
    arrays, origin = _resolve(source)
    for split in ("train", "test"):
        _check_split(arrays[f"x_{split}"], arrays[f"y_{split}"], split, origin)
        arrays[f"y_{split}"] = arrays[f"y_{split}"].astype(np.uint8)
    logger.info(
        "MNIST from %s: %d train, %d test images.",
        origin,
        len(arrays["x_train"]),
        len(arrays["x_test"]),
    )
    loaded = (
        (arrays["x_train"], arrays["y_train"]),
        (arrays["x_test"], arrays["y_test"]),
    )
    return (*loaded, origin) if with_source else loaded


def _resolve(source):
    if source is None and os.environ.get("KZOO_DATA_DIR"):
        source = os.environ["KZOO_DATA_DIR"]
    if source is not None:
        return _from_path(Path(source).expanduser()), str(source)
    cache = KERAS_CACHE.expanduser()
    if cache.is_file():
        return _from_npz(cache), str(cache)
    arrays = _from_tfds()
    if arrays is not None:
        return arrays, "tensorflow-datasets"
    return _from_sample(), "kzoo's bundled sample"


def _from_path(path):
    if path.is_file():
        return _from_npz(path)
    if not path.is_dir():
        raise FileNotFoundError(
            f"MNIST source {path} does not exist. Pass a directory of the four "
            "IDX files or an mnist.npz file."
        )
    if (path / "mnist.npz").is_file():
        return _from_npz(path / "mnist.npz")
    return {key: read_idx(_idx_file(path, name)) for key, name in IDX_FILES.items()}


def _idx_file(directory, name):
    for candidate in (directory / f"{name}.gz", directory / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{directory / (name + '.gz')}: no such file. An MNIST directory holds "
        f"{', '.join(n + '.gz' for n in IDX_FILES.values())} (or an mnist.npz)."
    )


def _from_npz(path):
    try:
        with np.load(path, allow_pickle=False) as npz:
            missing = sorted(set(IDX_FILES) - set(npz.files))
            if missing:
                raise IDXError(f"{path}: missing arrays {missing}.")
            return {key: npz[key] for key in IDX_FILES}
    except (OSError, ValueError, EOFError) as error:
        if isinstance(error, IDXError):
            raise
        raise IDXError(f"{path}: not a readable mnist.npz ({error}).") from error


def _from_tfds():
    try:
        import tensorflow_datasets as tfds  # Optional extra: kzoo[tfds].
    except ImportError:
        return None
    try:
        train, test = tfds.as_numpy(
            tfds.load(
                "mnist", split=["train", "test"], batch_size=-1, as_supervised=True
            )
        )
    except Exception as error:  # Offline, or no TFDS backend: fall through.
        logger.warning("TFDS could not provide MNIST (%s).", error)
        return None
    return {
        "x_train": train[0][..., 0],
        "y_train": train[1].astype("uint8"),
        "x_test": test[0][..., 0],
        "y_test": test[1].astype("uint8"),
    }


def read_sample():
    """The bundled sample's arrays, quietly (for fixtures and tests)."""
    with resources.as_file(resources.files("kzoo.data.sample") / SAMPLE) as path:
        return _from_npz(path)


def _from_sample():
    arrays = read_sample()
    warnings.warn(
        f"kzoo could not find MNIST, so it loaded its bundled SAMPLE of "
        f"{len(arrays['x_train'])} train and {len(arrays['x_test'])} test "
        f"images instead of the full {FULL_SIZES[0]} / {FULL_SIZES[1]}. "
        "Accuracy figures on it are not comparable with published ones. For "
        "the full set, set KZOO_DATA_DIR to a directory of the four MNIST IDX "
        "files, or go online once and run keras.datasets.mnist.load_data() "
        '(or pip install "kzoo[tfds]").',
        UserWarning,
        stacklevel=3,
    )
    return arrays


def _check_split(x, y, split, origin):
    if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != (28, 28):
        raise IDXError(
            f"{origin}: {split} images must be uint8 of shape (N, 28, 28); "
            f"found {x.dtype} {x.shape}."
        )
    if y.ndim != 1 or len(y) != len(x):
        raise IDXError(
            f"{origin}: {split} has {len(x)} images but labels of shape {y.shape}."
        )
    if len(y) and (y.min() < 0 or y.max() > 9):
        raise IDXError(
            f"{origin}: {split} labels must be digits 0-9; found {y.min()}..{y.max()}."
        )
