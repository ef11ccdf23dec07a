"""This process's memory, in MiB."""

from kzoo._internal.memory import memory_mb


def test_memory_is_reported_in_mib():
    figures = memory_mb()
    assert set(figures) == {"rss_mb", "peak_rss_mb"}
    # The kernel updates the peak lazily: it may trail the current size a bit.
    assert 10 < figures["rss_mb"] < 1.1 * figures["peak_rss_mb"] < 100_000
