"""The suite's scheduler (tests/worker_groups.py) keeps each module on one
worker: checked in a small pytest session of its own, on two workers."""

import collections

from tests.subprocesses import explain, run_python
from tests.worker_groups import group

# The scheduler alone, as tests/conftest.py loads it.
PLUGIN = ["-p", "tests.worker_groups", "-p", "no:cacheprovider"]
TEST = """
import os


def record(name):
    with open(os.environ["GROUPS_LOG"], "a") as log:
        log.write(f"{name} {os.environ['PYTEST_XDIST_WORKER']}\\n")

"""


def test_a_module_is_a_group_and_the_course_is_one():
    assert (
        group("tests/models/test_zoo.py::test_saves[mlp]") == "tests/models/test_zoo.py"
    )
    assert group("tests/course/test_dropout.py::test_x") == "course"
    assert group("tests/course/test_course.py") == "course"


def test_each_group_runs_whole_on_one_worker(tmp_path):
    # Two course modules and two others, six tests each: xdist's plain load
    # balancing would deal each module's tests out over both workers.
    modules = ["tests/course/test_a.py", "tests/course/test_b.py"]
    modules += ["tests/test_c.py", "tests/test_d.py"]
    for module in modules:
        path = tmp_path / module
        path.parent.mkdir(parents=True, exist_ok=True)
        tests = "".join(
            f"def test_{i}():\n    record({module!r})\n\n\n" for i in range(6)
        )
        path.write_text(TEST + tests)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    log = tmp_path / "groups.log"
    args = ["-m", "pytest", *PLUGIN, "-n", "2", "-q", "tests"]
    env = {"GROUPS_LOG": str(log)}
    result = run_python(args, "tensorflow", timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 0, explain(result)
    workers = collections.defaultdict(list)
    for line in log.read_text().splitlines():
        module, worker = line.split()
        workers[module].append(worker)
    assert sorted(workers) == sorted(modules)
    assert all(len(ran) == 6 and len(set(ran)) == 1 for ran in workers.values())
    course = {workers[m][0] for m in modules[:2]}
    assert len(course) == 1, workers  # The course's modules share a worker.
    assert len({ran[0] for ran in workers.values()}) == 2  # Both workers used.
