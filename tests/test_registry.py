"""The generic name -> builder registry."""

import pytest

from kzoo._internal.registry import Registry


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
