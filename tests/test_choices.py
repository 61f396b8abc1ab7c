"""Tests of analysis.choices: notebook defaults picked from an event's tables, checks of named things."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.choices import (
    check_choice,
    check_choices,
    pick_actors,
    pick_cue_types,
    pick_lexicon,
    pick_term,
)


def test_pick_actors_default_counts_named_mentions_with_ties_by_name():
    mentions = pd.DataFrame({"actor": ["Sandvik", "Jensen", None, "Holm", "Jensen", "Sandvik", "", "Olsen"],
                             "kind": ["name"] * 8})
    assert pick_actors(mentions, requested=[], n=3, parameter="main_actors") == ["Jensen", "Sandvik", "Holm"]


def test_pick_actors_default_is_the_events_own_most_mentioned():
    hand_made = pd.DataFrame({"actor": ["Port Elmwood", "Port Elmwood", "Clara Jensen"], "kind": ["name"] * 3})
    assert pick_actors(hand_made, requested=[], n=4, parameter="main_actors") == ["Port Elmwood", "Clara Jensen"]
    assert pick_actors(hand_made, requested=[], n=1, parameter="main_actors") == ["Port Elmwood"]
    assert pick_actors(hand_made.iloc[0:0], requested=[], n=4, parameter="main_actors") == []


def test_a_misspelt_actor_names_the_parameter_and_the_valid_actors():
    mentions = pd.DataFrame({"actor": ["Japan", "NATO", "NATO"]})
    with pytest.raises(ValueError) as err:
        pick_actors(mentions, requested=["NATO", "Natoo"], n=4, parameter="main_actors")
    assert str(err.value) == "main_actors: 'Natoo' is not an actor named in this event (valid: 'Japan', 'NATO')"


def test_check_choices_lists_every_unknown_and_says_when_there_is_nothing_valid():
    with pytest.raises(ValueError, match=r"^outlets: 'A', 'B' are not an outlet of this event \(valid: none in this event\)$"):
        check_choices("outlets", ["A", "B"], [], what="an outlet of this event")
    many = [f"o{i:02d}" for i in range(30)]
    with pytest.raises(ValueError, match=r"'o19', \.\.\. \(30 in all\)\)$"):
        check_choice("outlet_a", "x", many, what="an outlet")


def test_pick_term_lexicon_and_cues_from_the_event():
    distinctive = pd.DataFrame({
        "reference": ["rest", "rest", "rest", "Coastal Daily"],
        "term": ["sandvik", "ferry", "bus", "council"],
        "z": [2.5, 2.5, 1.0, 9.0],
    })
    assert pick_term(distinctive, requested="") == "ferry"
    assert pick_term(distinctive, requested="river road") == "river road"
    assert pick_term(distinctive.iloc[3:], requested="") == ""
    assert pick_lexicon(["policy-frames", "generic-frames"], requested="", parameter="lexicon") == "generic-frames"
    assert pick_lexicon([], requested="", parameter="lexicon") == ""
    with pytest.raises(ValueError, match=r"^lexicon: 'nato-tokyo-office' is not a lexicon with matches in this event"):
        pick_lexicon(["generic-frames", "policy-frames"], requested="nato-tokyo-office", parameter="lexicon")
    cues = pd.DataFrame({"cue_type": ["hedge", "booster"]})
    assert pick_cue_types(cues, requested=[], parameter="cue_types") == ["booster", "hedge"]
    assert pick_cue_types(cues.iloc[0:0], requested=[], parameter="cue_types") == []
    with pytest.raises(ValueError, match=r"^cue_types: 'scare_quote' is not a cue type found in this event \(valid: 'booster', 'hedge'\)$"):
        pick_cue_types(cues, requested=["scare_quote"], parameter="cue_types")
