"""This process's memory: how much it holds, and handing freed memory back.

A long-lived process that builds and drops many models (a search worker)
frees most of what each one took, but glibc's allocator keeps freed pages
of its heaps for reuse rather than returning them, so the resident size
creeps up trial after trial although nothing leaks. `malloc_trim(0)` hands
the free pages back; nothing in the standard library exposes it, hence
ctypes. Elsewhere than glibc (macOS, musl, Windows) it is a no-op.
"""

import ctypes
import ctypes.util
import math
import os
from pathlib import Path


def release_freed_memory():
    """Returns the C heap's free pages to the system (glibc only); returns
    whether it could."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return False
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    trim(0)
    return True


def memory_mb():
    """This process's resident memory now and at its peak, in MiB (Linux)."""
    try:
        import resource  # Unix only.

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB
    except ImportError:
        peak = math.nan
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        now = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        now = math.nan
    return {"rss_mb": round(now, 1), "peak_rss_mb": round(peak, 1)}
