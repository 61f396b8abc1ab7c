"""Everything the stance tables read from files, loaded in one place: :class:`StanceResources`.

The stance analysis (:func:`analysis.analyses.stance.stance_tables`) receives these as an
argument and reads no file; its table builder loads them with :func:`load_stance_resources`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from analysis.resources.actors import Actor, load_actors
from analysis.resources.cues import CueList, load_cue_lists
from analysis.resources.files import read_resource
from analysis.resources.modifiers import load_actor_modifiers
from analysis.resources.names import NameLists, load_name_lists
from analysis.resources.verbs import VerbEntry, load_reporting_verbs

__all__ = ["StanceResources", "complete_actors_file", "load_stance_resources"]


class StanceResources(NamedTuple):
    """The data files of the stance tables, loaded and validated.

    ``actors`` are the event's actors file (or the packaged list without one); ``complete`` is
    :func:`complete_actors_file` of that file (True: discovery off); the rest are the packaged
    lists of reporting verbs, hedges and boosters, discovery's name lists and the evaluative
    modifiers of actors.
    """

    actors: tuple[Actor, ...]
    complete: bool | None
    reporting_verbs: dict[str, VerbEntry]
    cue_lists: tuple[CueList, ...]
    name_lists: NameLists
    modifiers: dict[str, float]


def complete_actors_file(path: str | Path | None) -> bool | None:
    """Whether an event's actors file is complete (``include_default: false``); None when there is none.

    A complete file replaces the packaged list and turns discovery off: the event's own list is
    then the whole truth. Without a file, or with ``include_default: true`` (the starter file of
    ``python -m analysis actors``), actors are discovered from the text on top of the list.
    """
    if path is None or not Path(path).exists():
        return None
    data, _ = read_resource(path, "actors.yaml")
    return isinstance(data, dict) and data.get("include_default", False) is False


def load_stance_resources(event_dir: str | Path | None = None) -> StanceResources:
    """The stance resources of an event folder (its ``actors.yaml`` if any), else the packaged ones.

    Examples
    --------
    >>> resources = load_stance_resources()
    >>> resources.complete, "said" in resources.reporting_verbs, "Prime Minister" in resources.name_lists.titles
    (None, True, True)
    """
    path = Path(event_dir) / "actors.yaml" if event_dir is not None else None
    return StanceResources(
        actors=tuple(load_actors(path)), complete=complete_actors_file(path),
        reporting_verbs=load_reporting_verbs(), cue_lists=tuple(load_cue_lists()), name_lists=load_name_lists(),
        modifiers=load_actor_modifiers(),
    )
