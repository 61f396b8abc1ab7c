"""Boilerplate rules: the file format (``analysis/data/boilerplate.yaml``), its validation and compilation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from analysis.resources.files import read_resource
from analysis.resources.schema import where

__all__ = ["RULE_KINDS", "BoilerplateRules", "load_boilerplate_rules", "parse_boilerplate_rules"]


RULE_KINDS = ("line", "end", "caption", "byline")


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate rules: for each kind, a tuple of ``(regex, note)``.

    ``outlets`` maps an outlet or platform name to extra rules of the same kinds.
    """

    line: tuple[tuple[re.Pattern, str], ...] = ()
    end: tuple[tuple[re.Pattern, str], ...] = ()
    caption: tuple[tuple[re.Pattern, str], ...] = ()
    byline: tuple[tuple[re.Pattern, str], ...] = ()
    outlets: dict[str, BoilerplateRules] = field(default_factory=dict)

    def for_outlet(self, *names: str | None) -> BoilerplateRules:
        """The general rules plus those of any of ``names`` (outlet, platform)."""
        extra = [self.outlets[n] for n in names if isinstance(n, str) and n in self.outlets]
        if not extra:
            return self
        merged = {kind: getattr(self, kind) + sum((getattr(e, kind) for e in extra), ()) for kind in RULE_KINDS}
        return BoilerplateRules(**merged)

    def match(self, kind: str, text: str) -> str | None:
        """The note of the first rule of ``kind`` matching ``text``, or None."""
        for pattern, note in getattr(self, kind):
            if pattern.search(text):
                return note
        return None


def _compile_rules(section: Any, name: str) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for kind in section:
        if kind not in RULE_KINDS:
            known = ", ".join(RULE_KINDS)
            raise ValueError(f"{where(name, section, kind)}: unknown rule kind {kind!r} (known: {known})")
    for kind in RULE_KINDS:
        compiled = []
        for index, rule in enumerate(section.get(kind) or []):
            at = where(name, section.get(kind), index)
            if not isinstance(rule, dict) or "pattern" not in rule or "note" not in rule or "source" not in rule:
                raise ValueError(f"{at}: each {kind} rule needs pattern, note and source")
            unknown = set(rule) - {"pattern", "note", "source"}
            if unknown:
                raise ValueError(f"{at}: unknown key(s) {', '.join(sorted(unknown))}")
            try:
                compiled.append((re.compile(rule["pattern"]), str(rule["note"])))
            except re.error as exc:
                raise ValueError(f"{at}: invalid pattern {rule['pattern']!r}: {exc}") from None
        out[kind] = tuple(compiled)
    return out


def parse_boilerplate_rules(data: Any, *, name: str = "boilerplate.yaml") -> BoilerplateRules:
    """Validate and compile parsed boilerplate rules (see ``analysis/data/boilerplate.yaml``).

    Raises
    ------
    ValueError
        Naming the file and line of a malformed rule or pattern.

    Examples
    --------
    >>> rules = parse_boilerplate_rules({"line": [{"pattern": "^Share$", "note": "n", "source": "s"}]})
    >>> rules.match("line", "Share")
    'n'
    """
    if not isinstance(data, dict):
        raise ValueError(f"{name}: must be a mapping of rule kinds")
    general = {k: v for k, v in data.items() if k != "outlets"}
    if hasattr(data, "lines"):
        general = type(data)(general)
        general.lines = data.lines
    compiled = _compile_rules(general, name)
    outlets = {}
    for outlet, section in (data.get("outlets") or {}).items():
        outlets[str(outlet)] = BoilerplateRules(**_compile_rules(section or {}, name))
    return BoilerplateRules(**compiled, outlets=outlets)


@cache
def load_boilerplate_rules() -> BoilerplateRules:
    """The packaged boilerplate rules (``analysis/data/boilerplate.yaml``), compiled once."""
    data, name = read_resource(None, "boilerplate.yaml")
    return parse_boilerplate_rules(data, name=name)
