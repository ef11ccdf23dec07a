"""The suite's pytest-xdist scheduler: each group of tests runs whole on one
worker, so that a module's fixtures and child processes are set up once.

A plugin of its own (tests/conftest.py loads it) so that
tests/test_worker_groups.py can run it in a small pytest session of its own
without importing Keras.
"""

import pytest


def group(nodeid):
    """The worker group of a test: its module, or "course" for the course's
    tests, which share a worker with the gallery they read."""
    module = nodeid.split("::")[0]
    return "course" if module.startswith("tests/course/") else module


@pytest.hookimpl(optionalhook=True)  # Defined by pytest-xdist, when loaded.
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist's scheduler (`-n`, see pyproject.toml), sending each
    group (`group`) to one worker whole.

    Not `--dist loadgroup` with `xdist_group` marks: it rewrites node ids,
    which pytest 9 no longer lets it do, so on pytest 9 it silently spread
    every module over both workers, each setting up the module's fixtures
    again (pytest-dev/pytest-xdist#1386; twice the child processes of
    tests/training/test_distributed.py, for one). Overriding `_split_scope`
    is how xdist's own per-file scheduler is built.
    """
    if config.getvalue("dist") != "load":  # Another mode asked for by name.
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return group(nodeid)

    return GroupScheduling(config, log)
