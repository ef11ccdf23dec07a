"""`LiveFigure`: a figure shown in a Jupyter notebook and redrawn in place.

The notebook keeps one output for it (IPython's `display_id`), which each
redraw replaces, rather than stacking a new image per epoch. Redraws are
throttled by their own cost: after a redraw that took d seconds, the next
waits d * (1 / overhead - 1) seconds, so drawing takes at most `overhead`
of the time however slow the figure or fast the epochs. The image is a PNG
made on an Agg canvas, so no matplotlib backend or pyplot state is needed.
"""

import io
import sys
import time

from kzoo._internal.validation import check_fraction, invalid


def in_notebook():
    """Whether this process is a Jupyter kernel (whose outputs a notebook shows)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


class LiveFigure:
    """One notebook output, redrawn in place at most `overhead` of the time.

    Args:
        overhead: The share of wall time that redrawing may take, in (0, 1].
            Defaults to `0.1`.
    """

    def __init__(self, overhead=0.1):
        if check_fraction("overhead", overhead) == 0:
            raise invalid("overhead", overhead, "must be in (0, 1]")
        self.overhead = float(overhead)
        # Redraws so far, the seconds they took, and the last one's.
        self.redraws, self.seconds, self.last_seconds = 0, 0.0, 0.0
        self._handle, self._next = None, 0.0

    def due(self):
        """Whether a redraw now keeps within the overhead."""
        return time.monotonic() >= self._next

    def show(self, draw):
        """Shows the figure that `draw()` returns, in place of the last one."""
        from IPython.display import Image, display

        start = time.monotonic()
        buffer = io.BytesIO()
        draw().savefig(buffer, format="png")
        image = Image(data=buffer.getvalue(), format="png")
        if self._handle is None:
            self._handle = display(image, display_id=True)
        else:
            self._handle.update(image)
        spent = time.monotonic() - start
        self._next = time.monotonic() + spent * (1 / self.overhead - 1)
        self.redraws += 1
        self.seconds += spent
        self.last_seconds = spent
