"""Actors file loading and validation; mentions with labels, on tiny texts and the five seed articles."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.analyses.stance.actors import find_mentions, search_last_word
from analysis.resources.actors import Actor, load_actors, merge_actors, validate_actors
from tests.conftest import EVENT_DIR


@pytest.fixture(scope="module")
def event_actors():
    return load_actors(EVENT_DIR / "actors.yaml")


@pytest.fixture(scope="module")
def seed_mentions(seed_tables, event_actors):
    articles, sentences = seed_tables["articles"], seed_tables["sentences"]
    out = {}
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        frame = sentences[sentences["article_id"] == aid]
        out[aid] = find_mentions(text, event_actors, sentences=list(zip(frame["start"], frame["end"], strict=True)))
    return out


# ---- the actors files ----------------------------------------------------------------------------


def test_event_actors_cover_the_required_actors_and_every_person(event_actors):
    by_name = {a.name: a for a in event_actors}
    for name in ["NATO", "Japan", "China", "Russia", "United States", "South Korea", "Australia", "New Zealand", "Ukraine"]:
        assert name in by_name
    persons = sorted(a.name for a in event_actors if a.type == "person")
    assert persons == sorted([
        "Fumio Kishida", "Jens Stoltenberg", "Oana Lungescu", "Yoshimasa Hayashi", "Shinzo Abe", "Julianne Smith",
        "Vladimir Putin", "Sergey Ryabkov", "Mao Ning", "Qin Gang", "Scott Morrison", "Yoshihide Suga",
        "Narendra Modi", "Joe Biden", "Peter Taxo-Jensen", "Michito Tsuruoka", "Koji Tomita",
    ])
    assert all(by_name[p].affiliation in by_name for p in persons)
    assert by_name["Mao Ning"].affiliation == "China" and by_name["Julianne Smith"].affiliation == "United States"
    assert "Tsuruoki" in by_name["Michito Tsuruoka"].aliases  # 003's misspelling


def test_every_person_named_in_the_seeds_is_found(seed_mentions, event_actors):
    found = {m.actor for ms in seed_mentions.values() for m in ms}
    assert {a.name for a in event_actors if a.type == "person"} <= found


def test_default_actors_are_used_without_an_event_file(tmp_path):
    default = load_actors(None)
    assert {"NATO", "Japan", "China", "Russia", "United States"} <= {a.name for a in default}
    assert load_actors(tmp_path / "actors.yaml") == default  # missing file: fall back


def test_include_default_merges_event_entries_on_top(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "source: test\ninclude_default: true\nactors:\n"
        "  - {name: Japan, type: country, aliases: [Japan, Nippon]}\n"
        "  - {name: Ann Lee, type: person, affiliation: China, aliases: [Ann Lee]}\n",
        encoding="utf-8",
    )
    actors = {a.name: a for a in load_actors(path)}
    assert actors["Japan"].aliases == ("Japan", "Nippon")  # the event's entry wins
    assert "NATO" in actors and actors["Ann Lee"].affiliation == "China"  # affiliation from the default


def test_merge_rejects_an_alias_of_two_actors():
    with pytest.raises(ValueError, match="alias 'US' is used by both 'United States' and 'Utopia'"):
        merge_actors([Actor("United States", "country", ("US",))], [Actor("Utopia", "country", ("US",))])


def test_loader_errors_name_file_and_line(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text(
        "source: test\n"  # 1
        "colour: red\n"  # 2
        "actors:\n"  # 3
        "  - name: NATO\n"  # 4
        "    type: organisation\n"  # 5
        "    aliases: [NATO]\n"  # 6
        "    heads: [The Bloc]\n"  # 7
        "  - name: NATO\n"  # 8
        "    type: organisation\n"  # 9
        "    aliases: [NATO]\n"  # 10
        "  - name: Japan\n"  # 11
        "    type: nation\n"  # 12
        "    aliases: [NATO, '']\n"  # 13
        "    affiliation: Mars\n"  # 14
        "    size: big\n"  # 15
        "  - name: Lee\n"  # 16
        "    type: person\n"  # 17
        "    aliases: []\n",  # 18
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as info:
        load_actors(path)
    message = str(info.value)
    for expected in [
        f"{path}:2: unknown key 'colour'",
        f"{path}:7: actor 'NATO': head 'The Bloc' must be one lower-case word",
        f"{path}:8: duplicate actor name 'NATO' (first at {path}:4)",
        f"{path}:12: actor 'Japan': type 'nation' is not one of country, organisation, person, media, group, document",
        f"{path}:13: `aliases` item 2 must be a non-empty string",
        f"{path}:13: actor 'Japan': alias 'NATO' already belongs to 'NATO' ({path}:6)",
        f"{path}:15: unknown key 'size'",
        f"{path}:18: actor 'Lee': needs at least one alias",
        f"{path}:14: actor 'Japan': affiliation 'Mars' is not an actor of this file",
    ]:
        assert expected in message, expected


def test_loader_requires_source_and_actors():
    with pytest.raises(ValueError, match=r"`source` .* is required"):
        validate_actors({"actors": [{"name": "X", "type": "country", "aliases": ["X"]}]})
    with pytest.raises(ValueError, match="`actors` must be a non-empty list"):
        validate_actors({"source": "x", "actors": []})
    with pytest.raises(ValueError, match="must be a mapping"):
        validate_actors(["NATO"])
    with pytest.raises(ValueError, match="cannot be the actor itself"):
        validate_actors({"source": "x", "actors": [{"name": "X", "type": "person", "affiliation": "X", "aliases": ["X"]}]})


# ---- mentions: tiny texts ------------------------------------------------------------------------

NATO = Actor("NATO", "organisation", ("NATO",), heads=("alliance", "bloc"))
QUAD = Actor("Quad", "organisation", ("Quad",), heads=("bloc",))
JAPAN = Actor("Japan", "country", ("Japan", "Tokyo"), places=("Tokyo",), heads=("country",))
CHINA = Actor("China", "country", ("China",), heads=("country",))
US = Actor("United States", "country", ("United States", "U.S."), heads=("country",))
ABE = Actor("Shinzo Abe", "person", ("Shinzo Abe", "Abe"), affiliation="Japan")
TOMITA = Actor("Koji Tomita", "person", ("Koji Tomita",), affiliation="Japan")
ACTORS = [NATO, QUAD, JAPAN, CHINA, US, ABE, TOMITA]


def _labels(text, sentences=None):
    return [(m.actor, m.label, m.head) for m in find_mentions(text, ACTORS, sentences=sentences)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by the late former Japanese Prime Minister Shinzo Abe.", [("Shinzo Abe", "the late former Japanese Prime Minister Shinzo Abe", "Shinzo Abe")]),
        ("Japanese Ambassador to the United States Koji Tomita said", [
            ("Koji Tomita", "Japanese Ambassador to the United States Koji Tomita", "Koji Tomita"),
            ("United States", "United States", "United States"),
        ]),
        ("the U.S.-led NATO", [("NATO", "the U.S.-led NATO", "NATO"), ("United States", "U.S.", "U.S.")]),
        ("the NATO summit", [("NATO", "NATO", "NATO")]),  # "the" belongs to "summit"
        ("Communist China and militaristic Japan", [("China", "Communist China", "China"), ("Japan", "militaristic Japan", "Japan")]),
        ("China’s top diplomat", [("China", "China", "China")]),  # the possessive is not part of the label
        ("Since Japan and NATO", [("Japan", "Japan", "Japan"), ("NATO", "NATO", "NATO")]),  # "Since" is no modifier
        ("the Japan-NATO plan", [("Japan", "Japan", "Japan"), ("NATO", "NATO", "NATO")]),
        # capitals: a place after a place preposition, an actor otherwise
        ("an office in Tokyo; a visit to Tokyo; Tokyo hopes", [("Japan", "Tokyo", "Tokyo")]),
        # demonyms and look-alikes are not mentions
        ("Japanese officials, Chinese ships, NATOs, Abes, japan", []),
    ],
)
def test_name_labels(text, expected):
    assert _labels(text) == expected


@pytest.mark.parametrize(
    ("text", "sentences", "expected"),
    [
        # the only candidate named before: attributed
        ("NATO met. Then the US-led military alliance agreed.", [(0, 9), (10, 51)],
         [("NATO", "NATO", "NATO"), ("NATO", "the US-led military alliance", "alliance")]),
        # two actors with the head "bloc" in context: left unattributed
        ("NATO met the Quad. Then the bloc agreed.", [(0, 18), (19, 40)],
         [("NATO", "NATO", "NATO"), ("Quad", "Quad", "Quad"), (None, "the bloc", "bloc")]),
        # nothing named before: unattributed; indefinite "a military bloc" is no description
        ("The bloc grew. China built a military bloc.", [(0, 14), (15, 43)],
         [(None, "The bloc", "bloc"), ("China", "China", "China")]),
        # the same sentence decides first: Japan, not the countries named earlier
        ("China and the U.S. met. If Japan pays, it helps the country.", [(0, 23), (24, 60)],
         [("China", "China", "China"), ("United States", "U.S.", "U.S."), ("Japan", "Japan", "Japan"),
          ("Japan", "the country", "country")]),
        # several countries in the window and none in the sentence: unattributed
        ("China and Japan met. The country grew.", [(0, 20), (21, 38)],
         [("China", "China", "China"), ("Japan", "Japan", "Japan"), (None, "The country", "country")]),
    ],
)
def test_descriptions_are_attributed_only_when_context_is_clear(text, sentences, expected):
    assert _labels(text, sentences) == expected


# ---- mentions: the five seed articles ------------------------------------------------------------

SEED_PERSON_LABELS = {
    "000": ["Japanese Prime Minister Fumio Kishida", "NATO Secretary-General Jens Stoltenberg"],
    "001": [
        "Japanese Prime Minister Fumio Kishida", "NATO Secretary General Jens Stoltenberg", "NATO spokesperson Oana Lungescu",
        "Japanese Foreign Minister Yoshimasa Hayashi", "Hayashi", "the late former Japanese Prime Minister Shinzo Abe",
        "Hayashi", "U.S. Ambassador to NATO Julianne Smith", "Smith", "Smith", "Smith", "Russian President Vladimir Putin",
        "Putin", "Putin", "Putin", "Putin", "Russian Deputy Foreign Minister Sergey Ryabkov", "Mao Ning", "Mao",
        "China’s top diplomat Qin Gang", "Australian Prime Minister Scott Morrison", "Japanese Prime Minister Yoshihide Suga",
        "Indian Prime Minister Narendra Modi", "U.S. President Joe Biden",
    ],
    "002": ["Japanese Prime Minister Fumio Kishida", "NATO Secretary General Jens Stoltenberg", "Russian President Vladimir Putin"],
    "003": [
        "Japanese Prime Minister Fumio Kishida", "NATO Secretary General Jens Stoltenberg", "Peter Taxo-Jensen",
        "Danish Ambassador to Japan", "Danish ambassador in Japan", "the Ambassador", "Michito Tsuruoka", "Tsuruoki",
    ],
    "004": ["Japanese Ambassador to the United States Koji Tomita", "Tomita", "Prime Minister Fumio Kishida"],
}


def test_seed_person_labels(seed_mentions, event_actors):
    persons = {a.name for a in event_actors if a.type == "person"}
    for aid, expected in SEED_PERSON_LABELS.items():
        assert [m.label for m in seed_mentions[aid] if m.actor in persons] == expected, aid


SEED_DESCRIPTIONS = {
    "000": [("NATO", "the military alliance"), ("NATO", "the alliance")],
    "001": [("NATO", "the U.S.-led military alliance"), ("Nikkei Asia", "the news outlet"), ("NATO", "the bloc"),
            ("NATO", "the alliance"), ("NATO", "the bloc"), ("NATO", "the bloc"), ("NATO", "the bloc")],
    # RT's text has no-break spaces in "military\xa0bloc", "the\xa0bloc\xa0conduct", "with the\xa0bloc before"
    "002": [("NATO", "the US-led military\xa0bloc"), ("Nikkei Asia", "the outlet"), ("NATO", "the\xa0bloc"),
            ("Nikkei Asia", "The outlet"), (None, "the host nation"), ("Japan", "the country"), ("NATO", "the\xa0bloc"),
            ("NATO", "the bloc"), ("NATO", "The bloc")],
    "003": [("NATO", "the alliance"), ("NATO", "the alliance"), (None, "the NATO ambassador"), ("NATO", "the alliance"),
            ("Peter Taxo-Jensen", "the Ambassador"), ("Nikkei Asia", "the publication")],
    "004": [("NATO", "the alliance"), ("NATO", "the alliance")],
}


def test_seed_descriptions(seed_mentions):
    for aid, expected in SEED_DESCRIPTIONS.items():
        assert [(m.actor, m.label) for m in seed_mentions[aid] if m.kind == "description"] == expected, aid


def test_seed_other_labels(seed_mentions, seed_bodies):
    labels_001 = {(m.actor, m.label) for m in seed_mentions["001"]}
    assert {("China", "Communist China"), ("Japan", "militaristic Japan"), ("Germany", "Nazi Germany"),
            ("Kyodo", "Japan’s Kyodo news agency"), ("China", "PRC"), ("Quad", "Quad grouping"),
            ("the West", "the West"), ("Russia 1", "Russia 1 TV")} <= labels_001
    assert ("NATO", "the U.S.-led North Atlantic Treaty Organization") in {(m.actor, m.label) for m in seed_mentions["004"]}
    # "Russia" inside "Russia 1 TV" is the channel, not the country
    body = seed_bodies["001"]
    channel = body.index("Russia 1 TV")
    assert [m.actor for m in seed_mentions["001"] if m.start == channel] == ["Russia 1"]
    # Tokyo as a place is not Japan the actor: "liaison office in Tokyo" (000) has no mention
    tokyo_000 = [m for m in seed_mentions["000"] if m.head == "Tokyo"]
    assert tokyo_000 == []
    # ... but "Tokyo supposedly hopes" (001) is
    hopes = body.index("Tokyo supposedly")
    assert [(m.actor, m.label) for m in seed_mentions["001"] if m.start == hopes] == [("Japan", "Tokyo")]
    # every label is the text at its offsets
    for aid, mentions in seed_mentions.items():
        assert all(seed_bodies[aid][m.start : m.end] == m.label for m in mentions)


# ---- searches that start at the last word: the same matches as a search of the whole text ---------

_TAIL_ALPHABET = list("ab Zs-’'.,\u00a0\n\t") + ["said ", "the ", "Its ", "according to ", "spokesman"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_ALPHABET), max_size=30).map("".join))
@example("the spokesman, ")
@example("he said  ")
def test_search_last_word_finds_what_a_whole_search_finds(text):
    from analysis.analyses.stance.discovery import _APPOSITION_BEFORE, _LAST_WORD, _SAID_BEFORE, _SAID_WORDS
    from analysis.analyses.stance.quotes import _WORD_AT_END

    for pattern in (_LAST_WORD, _WORD_AT_END):
        found, whole = search_last_word(pattern, text), pattern.search(text)
        assert (found.span() if found else None) == (whole.span() if whole else None)
    # the gates of discovery's context rules: a match needs white space at the end after "," or a verb
    ends_in_space = text[-1:].isspace()
    assert bool(ends_in_space and text.rstrip().endswith(",")) >= bool(_APPOSITION_BEFORE.search(text))
    assert bool(ends_in_space and text.rstrip().endswith(_SAID_WORDS)) >= bool(_SAID_BEFORE.search(text))


def test_giant_is_a_label_modifier_as_in_the_corvanol_tabloid():
    veldt = Actor("Veldt Pharmaceuticals", "organisation", ("Veldt Pharmaceuticals", "Veldt"))
    text = ("Drug giant Veldt Pharmaceuticals has been forced to pull 14 batches. "
            "Veldt, which made profits of more than 600 million last year, did not answer.")
    found = [(m.label, m.head) for m in find_mentions(text, [veldt], sentences=[(0, 68), (69, 145)])]
    assert found == [("Drug giant Veldt Pharmaceuticals", "Veldt Pharmaceuticals"), ("Veldt", "Veldt")]
