"""The canned reply renderer (services.canned.template): every variable, missing values, every escape."""

import pytest

from helpdesk_app.services.canned.template import NAMES, TemplateProblem, check, render

VALUES = {
    "ticket": {"number": "1042", "subject": "Printer on fire", "status": "open", "url": "https://hd.example/tickets/7"},
    "customer": {"name": "Carla Customer", "first_name": "Carla", "email": "carla@example.com"},
    "agent": {"name": "Alex Agent", "first_name": "Alex", "email": "alex@example.com"},
}


@pytest.mark.parametrize("name", NAMES)
def test_every_variable_renders(name):
    group, field = name.split(".")
    body = f"<{{{{ {name} }}}}>"
    check(body)
    assert render(body, VALUES) == f"<{VALUES[group][field]}>"


def test_a_whole_reply():
    body = 'Hi {{ customer.first_name }},\n\nTicket #{{ ticket.number }} ({{ ticket.url }}) is {{ ticket.status }}.\n' \
           '-- {{agent.name}}\n'
    assert render(body, VALUES) == (
        "Hi Carla,\n\nTicket #1042 (https://hd.example/tickets/7) is open.\n-- Alex Agent\n")


def test_a_missing_or_empty_value_takes_its_fallback_or_nothing():
    body = 'Hi {{ customer.first_name | default("there") }}{{ customer.email }}!'
    assert render(body, {"customer": {"first_name": ""}}) == "Hi there!"
    assert render(body, {}) == "Hi there!"
    assert render(body, VALUES) == "Hi Carlacarla@example.com!"


def test_text_is_not_escaped_or_interpreted():
    assert render("<b>&amp;</b> {{ ticket.subject }}", {"ticket": {"subject": "<script>"}}) == "<b>&amp;</b> <script>"


@pytest.mark.parametrize(("body", "line", "words"), [
    ("{{ ticket.__class__ }}", 1, "unknown variable 'ticket.__class__'"),
    ("{{ ticket.subject.__class__.__mro__ }}", 1, "unknown variable"),
    ("{{ ticket }}", 1, "unknown variable 'ticket'"),
    ("one\ntwo\n{{ ticket.nope }}", 3, "unknown variable 'ticket.nope'"),
    ("{{ config }}", 1, "unknown variable 'config'"),
    ("{{ cycler.__init__.__globals__ }}", 1, "unknown variable"),
    ('{{ ticket["number"] }}', 1, "only variables"),
    ("{{ ticket.subject.upper() }}", 1, "only variables"),
    ("{{ 7 * 7 }}", 1, "only variables"),
    ("{{ ticket.subject | upper }}", 1, "filter 'upper' is not allowed"),
    ("{{ ticket.subject | attr('x') }}", 1, "filter 'attr' is not allowed"),
    ("{{ ticket.subject | default(ticket.number) }}", 1, "default(\"some text\")"),
    ('{{ ticket.subject | default("a", true) }}', 1, "default(\"some text\")"),
    ("{% for x in ticket %}{{ x }}{% endfor %}", 1, "loops, conditions"),
    ("x\n{% if ticket.number %}y{% endif %}", 2, "loops, conditions"),
    ("{% set x = 1 %}", 1, "loops, conditions"),
    ("{% include 'x' %}", 1, "loops, conditions"),
    ("{{ ticket.number ", 1, ""),
    ("hello {{", 1, ""),
])
def test_escapes_and_mistakes_are_refused_with_their_line(body, line, words):
    with pytest.raises(TemplateProblem) as refused:
        check(body)
    assert refused.value.line == line and str(refused.value).startswith(f"Line {line}: ")
    assert words in str(refused.value)


def test_rendering_never_raises_and_never_runs_a_refused_body():
    for body in ("{{ ticket.__class__ }}", "{% for x in y %}{{ x }}{% endfor %}", "{{", "{{ 7 * 7 }}"):
        assert render(body, VALUES) == body


def test_raw_blocks_and_comments_are_text():
    assert render("{% raw %}{{ x }}{% endraw %}{# note #}!", VALUES) == "{{ x }}!"


@pytest.mark.parametrize("body", ["{{" * 10_000, "{" * 20_000, "{{- " * 5_000])
def test_a_body_nesting_past_the_parser_is_refused_not_an_error(body):
    with pytest.raises(TemplateProblem):
        check(body)
    assert render(body, VALUES) == body
