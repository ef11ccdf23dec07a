"""This process's memory, as a search worker logs it after each trial."""

import math
import os
from pathlib import Path


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
