"""Each benchmark module imports (they run rarely, so a broken import would go unseen for long)."""

import importlib
import pkgutil

import pytest

import scripts.bench

MODULES = sorted(m.name for m in pkgutil.iter_modules(scripts.bench.__path__, "scripts.bench."))


@pytest.mark.parametrize("name", MODULES)
def test_it_imports(name):
    importlib.import_module(name)
