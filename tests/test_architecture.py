"""The house rules that keep the layers apart, checked on the source (docs/architecture.md).

Imports point one way: models <- storage, scanner, mailer <- services <- api, state, worker <- components
<- pages. Services, models and storage import no web framework; routes and states never commit
(the use case owns its transaction).
"""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "helpdesk_app"
# For each layer, the layers it must never import.
NEVER = {
    "models": {"storage", "scanner", "mailer", "services", "api", "state", "components", "pages", "worker", "devtools",
               "cli"},
    "storage": {"services", "api", "state", "components", "pages", "worker", "devtools", "cli"},
    "scanner": {"services", "api", "state", "components", "pages", "worker", "devtools", "cli"},
    "mailer": {"services", "api", "state", "components", "pages", "worker", "devtools", "cli"},
    "services": {"api", "state", "components", "pages", "worker", "devtools", "cli"},
    "api": {"state", "components", "pages", "worker", "cli"},
    "state": {"api", "components", "pages", "worker", "cli"},
    "worker": {"api", "state", "components", "pages", "cli"},
    "components": {"pages", "api", "worker", "cli"},
}
FRAMEWORKS = {"reflex", "fastapi", "starlette"}
FRAMEWORK_FREE = ("models", "storage", "scanner", "mailer", "services")


def _modules(layer: str) -> list[Path]:
    return sorted((APP / layer).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(NEVER))
def test_imports_point_one_way(layer):
    wrong = {}
    for path in _modules(layer):
        bad = {n for n in _imports(path) if n.split(".")[:2][-1] in NEVER[layer] and n.startswith("helpdesk_app.")}
        if bad:
            wrong[str(path.relative_to(APP))] = sorted(bad)
    assert wrong == {}


@pytest.mark.parametrize("layer", FRAMEWORK_FREE)
def test_lower_layers_import_no_web_framework(layer):
    wrong = {str(p.relative_to(APP)): sorted(n for n in _imports(p) if n.split(".")[0] in FRAMEWORKS)
             for p in _modules(layer)}
    assert {k: v for k, v in wrong.items() if v} == {}


@pytest.mark.parametrize("layer", ["api", "state"])
def test_routes_and_states_never_commit(layer):
    committing = [f"{p.relative_to(APP)}:{node.lineno}" for p in _modules(layer)
                  for node in ast.walk(ast.parse(p.read_text()))
                  if isinstance(node, ast.Attribute) and node.attr in ("commit", "rollback")]
    assert committing == []


def test_each_feature_has_its_own_package():
    loose = [p.name for p in (APP / "services").glob("*.py") if p.name != "__init__.py"]
    assert loose == []
