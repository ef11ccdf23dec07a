"""Fixtures for the model zoo's tests."""

import pytest

from kzoo.models import _registry


@pytest.fixture
def restored_registry(monkeypatch):
    """Lets a test register models without leaking them into other tests."""
    monkeypatch.setattr(_registry.MODELS, "_entries", dict(_registry.MODELS._entries))
