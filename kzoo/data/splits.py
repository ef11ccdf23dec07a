"""Train/dev/test splits by the course's rule of thumb, stratified and seeded.

The course sizes dev and test sets by what they must do, tell models apart
and estimate the final error, not by a fixed share. With `ratios=None` the
share each of dev and test gets is:

- 20% up to 10,000 examples (60/20/20);
- 1% from 1,000,000 examples up (98/1/1);
- in between, log-linear in the number of examples m:
  share = 0.2 * 0.05 ** ((log10(m) - 4) / 2), e.g. 4.5% at 100,000.

A train-dev set (`train_dev=fraction`) is carved out of the training share:
it comes from the training distribution but is never trained on, so the
bias/variance report can tell variance (train-dev - train) from data mismatch
(dev - train-dev).

Stratification is written by hand rather than taken from scikit-learn, which
would be kzoo's only reason to depend on it (and SciPy): it is a per-class
shuffle and a sort.
"""

import math
from typing import NamedTuple

import numpy as np

from kzoo._internal.validation import check_examples, check_fraction, invalid


class Splits(NamedTuple):
    """`(x, y)` pairs for each split; `train_dev` is `None` unless asked for."""

    train: tuple
    dev: tuple
    test: tuple
    train_dev: tuple | None = None


def course_ratios(num_examples):
    """Returns the course's (train, dev, test) shares for `num_examples`."""
    m = max(int(num_examples), 1)
    exponent = min(max((math.log10(m) - 4.0) / 2.0, 0.0), 1.0)
    share = 0.2 * 0.05**exponent
    return (1.0 - 2.0 * share, share, share)


def train_dev_test_split(x, y, ratios=None, stratify=True, seed=0, train_dev=0.0):
    """Splits `(x, y)` into train, dev and test (and optionally train-dev).

    Args:
        x: Inputs, one example per row.
        y: Integer class labels, one per example.
        ratios: `(train, dev, test)` shares summing to 1, or `None` for the
            course's rule by size (see the module docs). Defaults to `None`.
        stratify: Keep each class's share the same in every split. Defaults
            to `True`.
        seed: Seed of the shuffle; the same seed gives the same splits.
            Defaults to `0`.
        train_dev: Share of the training split held out as a train-dev set,
            in [0, 1). Defaults to `0.0` (none).

    Returns:
        A `Splits` named tuple of `(x, y)` pairs.
    """
    x, y = check_examples(x, y)
    if stratify and not np.issubdtype(y.dtype, np.integer):
        raise TypeError(
            f"Argument `y` must hold integer class ids to stratify (or pass "
            f"stratify=False). Received: y of dtype {y.dtype}"
        )
    if y.ndim != 1 or len(y) != len(x):
        raise invalid(
            "y",
            f"<array of shape {y.shape}>",
            f"must be {len(x)} labels, one per row of x",
        )
    ratios = _check_ratios(course_ratios(len(x)) if ratios is None else ratios)
    train_dev = check_fraction("train_dev", train_dev)
    shares = (ratios[0] * (1 - train_dev), ratios[1], ratios[2], ratios[0] * train_dev)
    groups = _groups(y, stratify)
    parts = _share_out(groups, shares, np.random.default_rng(seed))
    train, dev, test, held = ((x[i], y[i]) for i in parts)
    return Splits(train, dev, test, held if train_dev else None)


def _check_ratios(ratios):
    try:
        ratios = tuple(float(r) for r in ratios)
    except (TypeError, ValueError):
        raise invalid(
            "ratios", ratios, "must be three numbers (train, dev, test)"
        ) from None
    if len(ratios) != 3 or min(ratios) < 0 or ratios[0] <= 0:
        raise invalid("ratios", ratios, "must be three shares >= 0 with train > 0")
    if not math.isclose(sum(ratios), 1.0, abs_tol=1e-6):
        raise invalid("ratios", ratios, f"must sum to 1 (they sum to {sum(ratios):g})")
    return ratios


def _groups(y, stratify):
    if not stratify:
        return [np.arange(len(y))]
    return [np.flatnonzero(y == label) for label in np.unique(y)]


def _share_out(groups, shares, rng):
    # Give each example its class-relative position (k + 0.5) / n_class in
    # a shuffled order of its class, then sort everyone by that position and
    # cut the line at the split sizes. Each split is a range of positions, so
    # it holds every class in proportion (to within one example), and the
    # sizes add up exactly.
    members, positions = [], []
    for group in groups:
        members.append(rng.permutation(group))
        positions.append((np.arange(len(group)) + 0.5) / len(group))
    members, positions = np.concatenate(members), np.concatenate(positions)
    jitter = rng.permutation(len(members))  # Random order among equal positions.
    line = members[np.lexsort((jitter, positions))]
    counts = _largest_remainder(len(line), shares)
    parts = np.split(line, np.cumsum(counts)[:-1])
    # Shuffle within each split so its classes are interleaved.
    return [rng.permutation(part) for part in parts]


def _largest_remainder(total, shares):
    exact = np.asarray(shares) * total
    counts = np.floor(exact).astype(int)
    short = total - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    return counts
