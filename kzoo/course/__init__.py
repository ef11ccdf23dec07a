"""The course's claims as experiments, and the gallery that shows them.

Each experiment is a script in examples/course/ (installed as
`kzoo.course.experiments`) that defines `TITLE` and `run(setting)`, built on
kzoo's public API, and returns a `Finding`: the claim, the numbers measured,
whether this run shows the effect, and a figure. `kzoo course [--quick] --out
DIR` runs them all and writes `DIR/index.md` and `DIR/index.html`.

Example, an experiment of your own:

```python
import sys
from kzoo.course import Finding, main, new_figure, save_figure

TITLE = "Bigger batches take fewer steps"

def run(setting):
    figure, (axis,) = new_figure(title=TITLE)
    ...
    return Finding(claim=..., measured=..., look=..., holds=...,
                   values={...}, figure=save_figure(figure, setting.figure_path()))

if __name__ == "__main__":
    sys.exit(main(__name__))
```
"""

from kzoo.course.catalog import Experiment as Experiment
from kzoo.course.catalog import list_experiments as list_experiments
from kzoo.course.catalog import run_experiment as run_experiment
from kzoo.course.course import run_course as run_course
from kzoo.course.figure import new_figure as new_figure
from kzoo.course.figure import save_figure as save_figure
from kzoo.course.finding import Finding as Finding
from kzoo.course.script import main as main
from kzoo.course.setting import Setting as Setting
