"""This process's memory, in MiB."""

from kzoo._internal.memory import memory_mb


def test_memory_is_reported_in_mib():
    figures = memory_mb()
    assert set(figures) == {"rss_mb", "peak_rss_mb", "child_peak_rss_mb"}
    assert 10 < figures["rss_mb"] <= figures["peak_rss_mb"] < 100_000
