"""Course splits: sizes by rule, stratified, seeded, with a train-dev set."""

import itertools

import numpy as np
import pytest

from kzoo.data import course_ratios, train_dev_test_split


def labelled(n, num_classes=10, seed=0):
    rng = np.random.default_rng(seed)
    # Unbalanced classes, so stratification has something to keep.
    y = rng.choice(
        num_classes,
        size=n,
        p=np.linspace(1, 3, num_classes) / np.linspace(1, 3, num_classes).sum(),
    )
    return np.arange(n), y


@pytest.mark.parametrize(
    ("m", "dev_share"),
    [
        (100, 0.2),
        (10_000, 0.2),
        (100_000, 0.2 * 0.05**0.5),
        (1_000_000, 0.01),
        (10**8, 0.01),
    ],
)
def test_course_rule_by_size(m, dev_share):
    train, dev, test = course_ratios(m)
    assert dev == pytest.approx(dev_share)
    assert test == pytest.approx(dev_share)
    assert train + dev + test == pytest.approx(1.0)


def test_rule_shrinks_dev_and_test_as_data_grows():
    shares = [course_ratios(m)[1] for m in np.logspace(3, 7, 30)]
    assert all(a >= b for a, b in itertools.pairwise(shares))


def test_default_split_of_a_small_set_is_60_20_20():
    x, y = labelled(1000)
    splits = train_dev_test_split(x, y)
    assert [len(s[0]) for s in splits[:3]] == [600, 200, 200]
    assert splits.train_dev is None


def test_splits_partition_the_data():
    x, y = labelled(997)
    splits = train_dev_test_split(x, y, ratios=(0.7, 0.2, 0.1), train_dev=0.1)
    ids = np.concatenate([s[0] for s in splits])
    assert sorted(ids.tolist()) == list(range(997))
    for part_x, part_y in splits:
        np.testing.assert_array_equal(y[part_x], part_y)  # Labels follow rows.


def test_stratified_class_proportions():
    x, y = labelled(5000)
    overall = np.bincount(y, minlength=10) / len(y)
    splits = train_dev_test_split(x, y, ratios=(0.8, 0.1, 0.1), train_dev=0.05)
    for _, part_y in splits:
        share = np.bincount(part_y, minlength=10) / len(part_y)
        # Largest-remainder rounding: within one example per class.
        assert np.all(np.abs(share - overall) <= 10 / len(part_y) + 1e-9)


def test_unstratified_split_still_partitions():
    x, y = labelled(100)
    splits = train_dev_test_split(x, y, ratios=(0.5, 0.25, 0.25), stratify=False)
    assert [len(s[0]) for s in splits[:3]] == [50, 25, 25]


def test_train_dev_comes_from_the_training_share():
    x, y = labelled(1000)
    plain = train_dev_test_split(x, y, ratios=(0.8, 0.1, 0.1), seed=3)
    carved = train_dev_test_split(x, y, ratios=(0.8, 0.1, 0.1), seed=3, train_dev=0.25)
    assert len(carved.train[0]) + len(carved.train_dev[0]) == len(plain.train[0])
    assert len(carved.dev[0]) == len(plain.dev[0])


def test_seed_repeats_and_changes_the_split():
    x, y = labelled(300)
    a = train_dev_test_split(x, y, seed=7)
    b = train_dev_test_split(x, y, seed=7)
    c = train_dev_test_split(x, y, seed=8)
    np.testing.assert_array_equal(a.train[0], b.train[0])
    assert not np.array_equal(a.train[0], c.train[0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ratios": (0.5, 0.3, 0.3)}, r"must sum to 1.*ratios=\(0.5, 0.3, 0.3\)"),
        ({"ratios": (0.9, 0.1)}, r"three shares.*ratios=\(0.9, 0.1\)"),
        ({"ratios": (1.2, -0.1, -0.1)}, r"ratios=\(1.2, -0.1, -0.1\)"),
        ({"ratios": "abc"}, r"ratios='abc'"),
        ({"train_dev": 1.0}, r"train_dev=1.0"),
    ],
)
def test_bad_ratios_fail_naming_the_argument(kwargs, message):
    x, y = labelled(100)
    with pytest.raises(ValueError, match=message):
        train_dev_test_split(x, y, **kwargs)


def test_bad_data_fails_naming_the_argument():
    with pytest.raises(ValueError, match=r"`x` must hold examples"):
        train_dev_test_split(np.zeros((0, 3)), np.zeros(0, int))
    with pytest.raises(ValueError, match=r"`y`.*10 labels"):
        train_dev_test_split(np.zeros((10, 3)), np.zeros(9, int))
    with pytest.raises(TypeError, match=r"`y` must hold integer class ids"):
        train_dev_test_split(np.zeros((10, 3)), np.zeros(10))


def test_normalisation_sees_the_training_split_only():
    import keras

    from kzoo.data import normalization_layer

    rng = np.random.default_rng(0)
    ids, y = np.arange(1000), np.repeat([0, 1], [600, 400])
    # Give the rows that the seeded split sends to dev and test a very
    # different distribution, so any leak would show in the statistics.
    held_out = np.concatenate([s[0] for s in train_dev_test_split(ids, y, seed=3)[1:3]])
    x = rng.normal(0.0, 1.0, (1000, 8, 8))
    x[held_out] = rng.normal(40.0, 5.0, (len(held_out), 8, 8))
    splits = train_dev_test_split(x, y, seed=3)
    layer = normalization_layer(splits.train[0])
    z = keras.ops.convert_to_numpy(layer(splits.train[0].astype("float32")))
    assert abs(z.mean()) < 1e-3
    assert abs(z.std() - 1) < 1e-3
    assert abs(float(np.squeeze(layer.mean))) < 0.1  # Not 40: dev/test unseen.
    assert float(np.squeeze(layer.variance)) == pytest.approx(1.0, abs=0.1)
