"""Canned reply bodies: the variables they may use, checked when saved, rendered in a sandbox.

Jinja2 parses the body and its sandbox renders it; before a body is saved, its parsed tree is walked
and anything but plain text, `{{ ticket.number }}`-style variables and `| default("...")` is refused
with the line it is on: no loops or conditions, no attribute walks (`ticket.__class__`), no other
filters, no calls. So what renders at send time can only read the values handed to it, and never raises.
"""

import functools
from collections.abc import Mapping

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

VARIABLES: dict[str, tuple[str, ...]] = {
    "ticket": ("number", "subject", "status", "url"),
    "customer": ("name", "first_name", "email"),
    "agent": ("name", "first_name", "email"),
}
NAMES = [f"{group}.{field}" for group, fields in VARIABLES.items() for field in fields]


def _default(value, fallback: str = "") -> str:
    """Our `default`: also for an empty value (Jinja's own only stands in for a missing one)."""
    return fallback if value in (None, "") else value


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=True)
    env.filters = {"default": _default}
    env.tests, env.globals = {}, {}
    return env


_ENV = _environment()


class TemplateProblem(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(f"Line {line}: {message}")
        self.line = line


def _variable(node: nodes.Node) -> str | None:
    """`group.field` if the node is one of VARIABLES, else None."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        name = f"{node.node.name}.{node.attr}"
        return name if node.attr in VARIABLES.get(node.node.name, ()) else None
    return None


def _spelled(node: nodes.Node) -> str:
    """How an expression was written, near enough to name it in a message."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_spelled(node.node)}.{node.attr}"
    return type(node).__name__.lower()


def _check_expression(node: nodes.Expr) -> None:
    if _variable(node):
        return
    if isinstance(node, nodes.Filter):
        if node.name != "default":
            raise TemplateProblem(node.lineno, f"the filter '{node.name}' is not allowed; only default(\"...\") is.")
        if node.kwargs or node.dyn_args or node.dyn_kwargs or len(node.args) != 1 or not (
                isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)):
            raise TemplateProblem(node.lineno, 'write the fallback as default("some text").')
        _check_expression(node.node)
        return
    if isinstance(node, nodes.Name | nodes.Getattr):
        raise TemplateProblem(node.lineno, f"unknown variable '{_spelled(node)}'. Use one of: {', '.join(NAMES)}.")
    raise TemplateProblem(node.lineno, f"only variables like {{{{ ticket.number }}}} are allowed here "
                                       f"(found a {_spelled(node)}).")


def check(body: str) -> None:
    """Raise TemplateProblem for the first thing in `body` that is not text or an allowed variable."""
    try:
        tree = _ENV.parse(body)
    except TemplateSyntaxError as e:
        raise TemplateProblem(e.lineno or 1, e.message or "this is not a valid variable.") from None
    except RecursionError:  # thousands of unclosed {{ nest deeper than the parser goes
        raise TemplateProblem(1, "too many {{ or {% without their closing }} or %}.") from None
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            raise TemplateProblem(node.lineno, "loops, conditions and other {% %} blocks are not allowed.")
        for part in node.nodes:
            if not isinstance(part, nodes.TemplateData):
                _check_expression(part)


@functools.lru_cache(maxsize=4096)
def _compiled(body: str):
    """The body's template once it passed `check` (None if it does not): parsed once per body."""
    try:
        check(body)
    except TemplateProblem:
        return None
    return _ENV.from_string(body)


def render(body: str, values: Mapping[str, Mapping[str, str]]) -> str:
    """The body with its variables filled in from `values` (group -> field -> text); a missing value is
    empty. Never raises: a body that was never checked renders as written."""
    context = {group: {field: str(values.get(group, {}).get(field) or "") for field in fields}
               for group, fields in VARIABLES.items()}
    try:
        template = _compiled(body)
        return template.render(context) if template is not None else body
    except Exception:  # at send time the agent's text goes out as written, never an error
        return body
