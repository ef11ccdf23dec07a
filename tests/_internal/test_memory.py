"""This process's memory: measured, and freed pages handed back."""

import sys

import numpy as np
import pytest

from kzoo._internal.memory import memory_mb, release_freed_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_freed_heap_pages_go_back_to_the_system():
    # Blocks of 64 KB, below glibc's mmap threshold, land on its heap. Free
    # nine in ten: the tenth pins the heap, so free() cannot shrink it and
    # keeps the pages, until malloc_trim hands them back.
    blocks = [np.ones(8_000) for _ in range(6_000)]  # 384 MB
    kept = blocks[::10]
    del blocks
    freed = memory_mb()["rss_mb"]
    assert release_freed_memory()
    trimmed = memory_mb()["rss_mb"]
    assert trimmed < freed - 200, (freed, trimmed)
    assert len(kept) == 600


def test_memory_is_reported_in_mib():
    figures = memory_mb()
    assert set(figures) == {"rss_mb", "peak_rss_mb"}
    assert 10 < figures["rss_mb"] <= figures["peak_rss_mb"] < 100_000
