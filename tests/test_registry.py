"""The generic name -> builder registry."""

import importlib
import sys
import textwrap

import pytest

from kzoo._internal.registry import Registry
from kzoo.models._registry import MODELS
from kzoo.optimizers._registry import PRESETS
from kzoo.schedules._registry import SCHEDULES
from tests.subprocesses import explain, run_python


@pytest.fixture
def registry():
    registry = Registry("widget")

    @registry.register
    def small_widget():
        return "small"

    @registry.register(name="big_widget")
    def _big():
        return "big"

    return registry


def test_get_and_names(registry):
    assert registry.get("small_widget")() == "small"
    assert registry.get("big_widget")() == "big"
    assert registry.names() == ["big_widget", "small_widget"]
    assert registry.names("small*") == ["small_widget"]
    assert registry.names("nothing*") == []
    assert "big_widget" in registry
    assert "medium" not in registry


def test_duplicates_fail_naming_the_first_registration(registry):
    with pytest.raises(ValueError, match=r"'small_widget' is already registered.*"):

        @registry.register(name="small_widget")
        def other():
            return None


def test_unknown_names_list_close_matches(registry):
    with pytest.raises(ValueError, match=r"name='smal_widget'.*'small_widget'"):
        registry.get("smal_widget")
    with pytest.raises(ValueError, match=r"Available: big_widget, small_widget"):
        registry.get("zzz")
    with pytest.raises(ValueError, match=r"name=\['a'\]"):
        registry.get(["a"])


def test_bad_pattern_and_name_fail(registry):
    with pytest.raises(ValueError, match=r"pattern=3"):
        registry.names(3)
    with pytest.raises(ValueError, match="non-empty string"):
        registry.register(lambda: None, name="")


def test_built_in_entries_are_listed_before_their_module_loads(tmp_path, monkeypatch):
    # A module that registers `lazy_widget` when imported, as kzoo's builders do.
    (tmp_path / "widget_module.py").write_text(
        "from tests.test_registry import LAZY\n"
        "@LAZY.register\n"
        "def lazy_widget():\n"
        "    return 'lazy'\n"
    )
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.delitem(sys.modules, "widget_module", raising=False)
    assert LAZY.names() == ["lazy_widget"]
    assert "lazy_widget" in LAZY
    assert "widget_module" not in sys.modules
    assert LAZY.get("lazy_widget")() == "lazy"
    assert "widget_module" in sys.modules
    with pytest.raises(ValueError, match="'lazy_widget' is already registered"):
        LAZY.register(lambda: None, name="lazy_widget")


def test_a_built_in_name_is_not_taken_by_another_module():
    other = Registry("widget", built_in={"w": "somewhere.else"})
    with pytest.raises(ValueError, match=r"'w' is already registered \(by somewhere"):
        other.register(lambda: None, name="w")


LAZY = Registry("widget", built_in={"lazy_widget": "widget_module"})


@pytest.mark.parametrize(
    "registry",
    [MODELS, PRESETS, SCHEDULES],
    ids=lambda registry: registry.kind,
)
def test_kzoos_declared_entries_are_what_their_modules_register(registry):
    for name, module in registry.built_in.items():
        importlib.import_module(module)
        assert registry.get(name).__module__ == module, name
    # And every entry kzoo's own modules register is declared.
    own = {
        name
        for name, entry in registry._entries.items()
        if entry.__module__.startswith("kzoo.")
    }
    assert own <= set(registry.built_in)


def test_listing_and_checking_recipes_starts_no_keras():
    # `kzoo list`, `kzoo --help` and `kzoo train NAME --help` need names and
    # recipes only; Keras (with TensorFlow: seconds) is not imported for them.
    code = textwrap.dedent(
        """
        import contextlib, io, sys
        from kzoo import cli
        for argv in (["--help"], ["list"], ["train", "mnist_mlp", "--help"],
                     ["train", "mnist_mlp", "--epochs", "0"],
                     ["lr-find", "mnist_mlp", "--help"]):
            with contextlib.redirect_stdout(io.StringIO()), \\
                    contextlib.redirect_stderr(io.StringIO()):
                try:
                    cli.main(argv)
                except SystemExit:
                    pass
        import kzoo
        kzoo.models.list_models(), kzoo.training.get_recipe("mnist_cnn")
        started = sorted({"keras", "tensorflow", "jax"} & set(sys.modules))
        print("started:", started or "none")
        """
    )
    result = run_python(["-c", code], "tensorflow")
    assert result.returncode == 0, explain(result)
    assert result.stdout.strip() == "started: none", explain(result)
