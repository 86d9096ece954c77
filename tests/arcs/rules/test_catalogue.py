"""The rule catalogue: every code unique, registered and documented; ``arcroom rules`` shows it."""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable
from subprocess import CompletedProcess

import pytest

import arcs.rules
from arcs.diagnostics import Severity
from arcs.rules import _MODULES, RULES, get_rule
from arcs.rules.docs import as_text, plain
from tui.cli import main

CODE = re.compile(r"[BRTCFS][0-9]{3}")
RULE_MODULE = re.compile(r"[rtcfs]_[a-z_]+")


def test_every_code_and_name_is_unique_and_well_formed() -> None:
    codes = [m.CODE for m in _MODULES]
    assert len(codes) == len(set(codes))
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    for code, rule in RULES.items():
        assert CODE.fullmatch(code) and rule.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), code


def test_every_rule_module_is_registered_under_its_family() -> None:
    on_disk = {
        info.name for info in pkgutil.iter_modules(arcs.rules.__path__)
        if RULE_MODULE.fullmatch(info.name)
    }
    registered = {m.__name__.rsplit(".", 1)[1] for m in _MODULES}
    assert on_disk == registered
    for module in _MODULES:
        assert module.__name__.rsplit(".", 1)[1][0] == module.CODE[0].lower(), module.CODE


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    assert isinstance(rule.severity, Severity)
    assert rule.summary.strip() and rule.summary.endswith("."), code
    assert rule.doc.strip(), code
    if code.startswith("B"):
        assert rule.check is None
        return
    assert rule.check is not None
    assert rule.doc.startswith(f"{code} {rule.name}:"), "the docstring opens with code and name"
    assert "Failing::" in rule.doc and "Passing::" in rule.doc, code
    assert "Silence it" in rule.doc, code


def test_unknown_code_raises() -> None:
    with pytest.raises(KeyError):
        get_rule("Z999")


def test_rules_lists_every_code(arcroom: Callable[..., CompletedProcess[str]]) -> None:
    done = arcroom("rules")
    assert done.returncode == 0, done.stderr
    listed = re.findall(r"^  ([A-Z][0-9]{3})  ", done.stdout, re.MULTILINE)
    assert listed == list(RULES)


def test_rules_code_prints_its_documentation(
    arcroom: Callable[..., CompletedProcess[str]],
) -> None:
    done = arcroom("rules", "f004")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("F004 enemies-in-alliance (warning)")
    assert done.stdout == as_text(RULES["F004"]) + "\n"
    assert "A beat tagged 'alliance' brings" in done.stdout


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_code_has_its_page(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{code} {RULES[code].name} ({RULES[code].severity})")
    assert out == as_text(RULES[code]) + "\n"
    # Every paragraph of the doc but its headline is there, as plain text.
    body = [p for p in RULES[code].doc.split("\n\n")[1:] if p.strip()]
    assert all(plain(p.strip().rstrip(":")).split()[0] in out for p in body)
