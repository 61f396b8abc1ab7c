"""Notebook choices: defaults picked from an event's own tables, and checks of what a user names.

A notebook's ``parameters`` cell holds literals only; an empty value (``""`` or ``[]``) means "pick
from this event". These functions make that pick from the event's tables (the most mentioned
actors, the lexicons that exist, the cues that occur) and check the names a user gives, failing
with one line that names the parameter and the valid values. Nothing about any particular event
is a default here.

They compute on tables only (DataFrame or names in, names out) and never read files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.views import top_actors

__all__ = [
    "check_choice",
    "check_choices",
    "nothing_to_draw",
    "pick_actors",
    "pick_cue_types",
    "pick_lexicon",
    "pick_term",
]

_SHOWN = 20
"""Valid values listed in an error message before "..." (a long list helps nobody)."""


def _valid_list(valid: Sequence[str]) -> str:
    names = [repr(v) for v in valid[:_SHOWN]]
    more = f", ... ({len(valid)} in all)" if len(valid) > _SHOWN else ""
    return ", ".join(names) + more if names else "none in this event"


def check_choices(parameter: str, requested: Iterable[str], valid: Iterable[str], *, what: str) -> list[str]:
    """Return ``requested`` as a list if every name is in ``valid``, else raise one clear line.

    Parameters
    ----------
    parameter : str
        The notebook parameter the names came from (named in the error).
    requested : iterable of str
        The names the user gave.
    valid : iterable of str
        The names that exist in this event.
    what : str
        What a valid name is, for the message ("an actor named in this event").

    Raises
    ------
    ValueError
        ``"main_actors: 'Natoo' is not an actor named in this event (valid: 'China', 'Japan')"``.

    Examples
    --------
    >>> check_choices("outlets", ["RT"], ["RT", "Nikkei Asia"], what="an outlet of this event")
    ['RT']
    >>> check_choices("outlets", ["Rt"], ["RT", "Nikkei Asia"], what="an outlet of this event")
    Traceback (most recent call last):
    ...
    ValueError: outlets: 'Rt' is not an outlet of this event (valid: 'Nikkei Asia', 'RT')
    """
    names = sorted({str(v) for v in valid})
    requested = [str(r) for r in requested]
    unknown = [r for r in requested if r not in set(names)]
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        verb = "is not" if len(unknown) == 1 else "are not"
        raise ValueError(f"{parameter}: {listed} {verb} {what} (valid: {_valid_list(names)})")
    return requested


def check_choice(parameter: str, value: str, valid: Iterable[str], *, what: str) -> str:
    """Return ``value`` if it is empty or in ``valid``, else raise (see :func:`check_choices`).

    Examples
    --------
    >>> check_choice("voice", "author", ["all", "author", "quoted"], what="a voice")
    'author'
    >>> check_choice("outlet_a", "", ["RT"], what="an outlet of this event")
    ''
    """
    if value:
        check_choices(parameter, [value], valid, what=what)
    return value


def pick_actors(
    mentions: pd.DataFrame, *, requested: Sequence[str], n: int, parameter: str, actors: pd.DataFrame | None = None
) -> list[str]:
    """The actors to chart: ``requested`` if given (each must be mentioned), else :func:`~analysis.views.top_actors`.

    Raises
    ------
    ValueError
        Naming ``parameter`` and the actors of the event when a requested one is never mentioned.

    Examples
    --------
    >>> m = pd.DataFrame({"actor": ["Sandvik", "Jensen", "Sandvik"], "kind": ["name"] * 3})
    >>> pick_actors(m, requested=[], n=4, parameter="main_actors")
    ['Sandvik', 'Jensen']
    >>> pick_actors(m, requested=["Jensen"], n=4, parameter="main_actors")
    ['Jensen']
    """
    if requested:
        valid = mentions["actor"].dropna().astype(str)
        return check_choices(parameter, requested, valid[valid != ""], what="an actor named in this event")
    return top_actors(mentions, n=n, actors=actors)


def pick_term(distinctive: pd.DataFrame, *, requested: str) -> str:
    """``requested``, else the term with the highest z against the rest of the event (ties by term).

    Any term may be requested (keyword in context finds phrases that are not in the table).

    Examples
    --------
    >>> d = pd.DataFrame({"reference": ["rest", "rest", "B"], "term": ["ferry", "bus", "boat"],
    ...     "z": [1.5, 2.5, 9.0]})
    >>> pick_term(d, requested=""), pick_term(d, requested="council")
    ('bus', 'council')
    """
    if requested:
        return requested
    rest = distinctive[distinctive["reference"] == "rest"]
    if rest.empty:
        return ""
    return str(rest.sort_values(["z", "term"], ascending=[False, True], kind="stable")["term"].iloc[0])


def pick_lexicon(lexicons: Iterable[str], *, requested: str, parameter: str) -> str:
    """``requested`` if it is one of ``lexicons``, else the first of them by name ("" when there are none).

    Examples
    --------
    >>> pick_lexicon(["policy-frames", "generic-frames"], requested="", parameter="lexicon")
    'generic-frames'
    >>> pick_lexicon(["generic-frames"], requested="nato", parameter="lexicon")
    Traceback (most recent call last):
    ...
    ValueError: lexicon: 'nato' is not a lexicon with matches in this event (valid: 'generic-frames')
    """
    names = sorted(set(lexicons))
    if requested:
        return check_choice(parameter, requested, names, what="a lexicon with matches in this event")
    return names[0] if names else ""


def pick_cue_types(cues: pd.DataFrame, *, requested: Sequence[str], parameter: str) -> list[str]:
    """``requested`` cue types if each occurs, else ``scare_quote`` if it occurs, else every type that occurs.

    Examples
    --------
    >>> c = pd.DataFrame({"cue_type": ["hedge", "reporting_verb", "hedge"]})
    >>> pick_cue_types(c, requested=[], parameter="cue_types")
    ['hedge', 'reporting_verb']
    >>> pick_cue_types(c.assign(cue_type="scare_quote"), requested=[], parameter="cue_types")
    ['scare_quote']
    """
    occurring = sorted(set(cues["cue_type"].dropna().astype(str)))
    if requested:
        return check_choices(parameter, requested, occurring, what="a cue type found in this event")
    return ["scare_quote"] if "scare_quote" in occurring else occurring


def nothing_to_draw(what: str, why: str) -> str:
    """The one-line note shown in place of (or on) a chart that has nothing to draw.

    Examples
    --------
    >>> nothing_to_draw("labels of actors", "no actor is named in this event")
    'Nothing to draw for labels of actors: no actor is named in this event.'
    """
    return f"Nothing to draw for {what}: {why}."
