"""Actor discovery: the people, organisations, places, groups, outlets and documents an article names.

No model and no download: :func:`discover_actors` reads the capitalised name runs of an article
(:func:`analysis.text.names.name_runs`) with the news conventions listed in
``analysis/data/names.yaml`` (:func:`load_name_lists`), and returns one
:class:`~analysis.analyses.stance.actors.Actor` per discovered actor, its ``evidence`` kept.

Rules, in order:

1. **Runs.** A headline (a first line in title case, :func:`analysis.text.names.headline_end`) is
   not read for names (its names are still counted as mentions later). Party-state tags
   ("D-Calif.", "R-Texas") are not names. A run goes through "of", "for", "on" when a word of
   it so far is an organisation, document, place or title word ("Institute for Fiscal Studies",
   "Secretary of State"), through "and" only when it ends in such a word ("House Transportation
   and Infrastructure Committee") and does not follow "including", "such as", "like", "between"
   or "both" with one word before "and" ("including Astrel and Norbury Health": two names),
   through "to" after a title ("Ambassador to NATO"), and through a possessive only into an
   organisation word ("King's Fund", not "China’s Foreign Ministry").
2. **Sentence-initial capitals.** A first word that is a function word ("The", "In", "Its"), or a
   capitalised -ing/-ly word at the start of a sentence, is dropped; a leading "The" always is. A
   role word capitalised only by the sentence start ("Lawyer Daniel Ortiz said") is the ``role``,
   unless the rest of the run is an organisation ("Patient Safety Commission").
3. **Titles and honorifics** ("Rep.", "Prime Minister", "Mr", "Dr") are stripped into ``role``
   with their complement ("Ambassador to NATO"); what stands before the title is the
   ``affiliation`` ("U.S.", "Japanese" -> Japan, "FEMA"). A lower-case role word just before a
   name ("spokesman Dale Hutchins") is a role too, and a name just before that word its
   affiliation ("NRA spokesman"), unless an organisation or place follows the name ("Transport
   economist Lena Berg of the University of Elmwood": the university). A portfolio before a
   lower-case title ("Health minister") is part of the role, no actor. Appositions give role
   and affiliation ("Mao Ning, a spokesperson for China's Foreign Ministry,"; "Its president,
   Marcus Ellery," and "X, the company's chief executive": the organisation named last before,
   for "the agency's" the last with the word "Agency"), and party tags the party ("D-Calif." ->
   Democratic Party (D-Calif.), "Republican of Ohio").
4. **Types**, from evidence: the event's own outlets (``outlets``: media), the gazetteer of
   places, the lists of outlets and groups (a capitalised word before a group noun is a group
   label: "Anti-pharma activists"), an organisation word (Party, Ministry, Committee ...), a
   document word at the end (Act, Concept,
   Report ...), a place word at the end (Islands, Street ...) or at the start of a place name
   (Port, Lake, Mount, Fort, Cape: "Port Elmwood"), a title, honorific, role or apposition, being
   the subject of "said" (person); an all-capital word of up to six letters is an organisation;
   any other name of two or more words a person. A single unknown word with no
   evidence is left out, and so is an acronym that stands for a thing: in brackets after a
   lower-case or one-word term, after a descriptor that is no organisation word ("the chemical
   NDMA"), or with such an apposition ("NDMA, an impurity,").
5. **Variants merged**: case (WASHINGTON, Washington); an acronym written after a name in
   brackets, or whose letters are the initials of a name ("National Rifle Association (NRA)",
   GAO); a surname or first name that ends or starts exactly one person's full name
   ("Marquez-Lowry", "Vander Ploeg", "Derek"), or one letter off it when it is long ("Tsuruoki"
   for Michito Tsuruoka, a misprint of the source). A surname shared by several persons is
   *ambiguous*: it is no alias of any of them, and :func:`resolve_ambiguous` gives each of its
   mentions to the last of those persons named before it.
6. **Background**: names that are aliases of ``known`` actors (the packaged and the event's
   ``actors.yaml``) are theirs, never rediscovered.

The result is per article and pure; :func:`event_actors` merges the per-article lists of an event
(the rows of ``actors.csv``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.analyses.stance.actors import Mention, search_last_word
from analysis.resources.actors import Actor
from analysis.resources.names import CALENDAR as _CALENDAR
from analysis.resources.names import NameLists, load_name_lists
from analysis.text.names import NameRun, headline_end, name_runs

__all__ = [
    "ACTOR_TABLE_COLUMNS",
    "discover_actors",
    "event_actors",
    "person_genders",
    "resolve_ambiguous",
    "starter_actors_yaml",
]

ACTOR_TABLE_COLUMNS = ["name", "type", "role", "affiliation", "variants", "mentions", "articles", "evidence"]

_FUNCTION = frozenset(
    [
        "a", "an", "the", "in", "on", "at", "of", "for", "to", "from", "by", "with", "as", "and", "or", "but", "if",
        "when", "while", "after", "before", "since", "because", "although", "though", "its", "it", "his", "her",
        "their", "our", "my", "your", "this", "that", "these", "those", "there", "here", "what", "which", "who",
        "how", "why", "where", "we", "they", "he", "she", "i", "you", "according", "asked", "yet", "so", "then",
        "also", "still", "even", "many", "most", "some", "such", "every", "each", "both", "all", "any", "no", "not",
        "nor", "one", "two", "three", "four", "five", "first", "last", "next", "new", "other", "another", "under",
        "over", "during", "despite", "without", "within", "between", "among", "against", "across", "along",
        "around", "behind", "beyond", "like", "unlike", "until", "upon", "via", "meanwhile", "however", "instead",
        "now", "today", "yesterday", "tomorrow", "on"
    ]
)
_ACRONYM_MIN, _ACRONYM_MAX = 2, 6  # letters of an all-capital acronym ("UN" .. "NAACP")
_SHORT_NAME = 3  # words (or letters of an all-capital word) of a short name
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*$")
_SAID = re.compile(
    r"\s*(?:,[^,\n]{1,90},\s*)?(?:also\s+|later\s+|then\s+)?"
    r"(?:said|says|told|added|wrote|noted|stated|remarked|explained|argued|insisted|claimed|warned|"
    r"announced|answered|replied|tweeted|posted|urged|called|praised|elaborated|asserted|declared)\b"
)
_SAID_WORDS = ("said", "says", "told", "added", "according to")
_SAID_BEFORE = re.compile(rf"(?:{'|'.join(_SAID_WORDS)})\s+$")
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|from|to|near|into|across|outside|inside|of)\s+)$")
_PARTY_AFTER = re.compile(
    r",\s+(?:([DRI])-([A-Z][\w.]*(?: [A-Z][\w.]*)?)"
    r"|(Republican|Democrat|Independent) of ([A-Z][a-z]+(?: [A-Z][a-z]+)?))[,.]"
)
_APPOSITION_AFTER = re.compile(r",\s+(?:(?:a|an|the)\s+)?([^,\n]{2,80}?)(?:,|\.\s|\.$)")
_APPOSITION_BEFORE = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+([A-Za-z][\w -]{1,40}?),\s+$")
_INFLECTED = re.compile(r"(?:ing|ly|ed)$")  # a capitalised -ing/-ly/-ed word opening a sentence
_LAST_WORD = re.compile(r"([a-z][a-z-]+)\s+$")
_POSSESSIVE_S = re.compile(r"['’]s\b")
_POST_MODIFIER = re.compile(
    r"\s+(?:of|at)\s+(?:the\s+)?([A-Z][\w.&’'-]*(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?[A-Z][\w.&’'-]*)*)"
)
_BRACKETED = re.compile(r"\s*\(([A-Z][A-Za-z0-9.&-]{1,9})\)")  # "(NRA)" after a name
_PARTIES = {"D": "Democratic Party", "R": "Republican Party", "I": "Independent"}


# --------------------------------------------------------------------------------------------------
# Pieces: one name as written, with what its context says about it


@dataclass
class _Piece:
    surface: str
    start: int
    end: int
    words: list[str]
    evidence: list[str]
    role: str | None = None
    affiliation: str | None = None
    sentence_initial: bool = False
    in_role: bool = False  # a portfolio read into the next piece's role ("Health" of "Health minister X")
    owner: str | None = None  # "its spokeswoman": "" (or the noun of "the agency's"), found by _owners


def _words(text: str, run: NameRun) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in run.tokens]


def _is_acronym(word: str) -> bool:
    bare = word.replace(".", "")
    return _ACRONYM_MIN <= len(bare) <= _ACRONYM_MAX and bare.isupper() and bare.isalpha()


class _Reader:
    """Discovery state for one article (internal)."""

    def __init__(self, text: str, sentences: Sequence[tuple[int, int]], lists: NameLists):
        self.text = text
        self.lists = lists
        self.sentence_starts = {s for s, _ in sentences} | {0}
        self.heads, self.joining, self.title_words, self.title_first, self.max_title = lists._reading

    def joins(self, left: str, connector: str, right: str) -> bool:
        words = left.split()
        if right in _CALENDAR:
            return False
        if connector in ("’s", "'s"):
            short = len(words) <= _SHORT_NAME
            return right in self.lists.organisation_words and left not in self.lists.places and short
        if connector == "and":
            return True  # checked when the run is complete (_split_and)
        if connector in ("to", "to the"):
            return words[-1] in self.title_words or words[-1] in self.lists.organisation_words
        if connector.split(maxsplit=1)[0] in ("of", "for", "on"):
            return any(w in self.joining for w in words)
        return False

    def sentence_initial(self, start: int) -> bool:
        i = start
        while i > 0 and self.text[i - 1] in " \u00a0“\"‘'(—–-\n\t":
            if i in self.sentence_starts:  # a span that starts after its white space ("said so. Lawyer")
                return True
            if self.text[i - 1] == "\n" and i - 1 > 0 and self.text[i - 2] == "\n":
                return True
            i -= 1
        return i in self.sentence_starts or i == 0 or (i > 0 and self.text[i - 1] == "\n")

    def title_at(self, words: list[str], i: int) -> int:
        """Number of words of the longest title starting at word ``i`` (0 if none)."""
        if words[i] not in self.title_first and words[i] not in self.lists.honorifics:
            return 0
        for n in range(min(self.max_title, len(words) - i), 0, -1):
            if " ".join(words[i : i + n]) in self.lists.titles or (n == 1 and words[i] in self.lists.honorifics):
                return n
        return 0


def _split_and(reader: _Reader, tokens: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Split a run at "and" unless it ends in an organisation or document word."""
    if not any(w == "and" for _, _, w in tokens):
        return [tokens]
    before_and = [w for _, _, w in tokens[: next(i for i, t in enumerate(tokens) if t[2] == "and")]]
    complete = before_and and (before_and[-1] in reader.heads or before_and[-1] in reader.lists.group_words
                               or " ".join(before_and) in reader.lists.places)
    # a list ("including Astrel and Norbury Health"), not one name ("the Food and Drug Administration")
    complete = complete or (len(before_and) == 1 and _LIST_BEFORE.search(reader.text, max(tokens[0][0] - 12, 0),
                                                                         tokens[0][0]) is not None)
    if tokens[-1][2] in reader.heads and not complete:
        return [tokens]
    parts, current = [], []
    for token in tokens:
        if token[2] == "and":
            parts.append(current)
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [p for p in parts if p]


_LIST_BEFORE = re.compile(r"\b(?:including|such as|like|between|both)\s+$")


def _trim(tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    while tokens and tokens[0][2].islower():
        tokens = tokens[1:]
    while tokens and tokens[-1][2].islower():
        tokens = tokens[:-1]
    return tokens


def _pieces(reader: _Reader, run: NameRun) -> list[_Piece]:  # noqa: C901 - title and sentence-start rules in order
    text, lists = reader.text, reader.lists
    out: list[_Piece] = []
    for tokens in _split_and(reader, _words(text, run)):
        initial = reader.sentence_initial(tokens[0][0])
        while tokens and (tokens[0][2] == "The" or (len(tokens) > 1 and tokens[0][2].lower() in _FUNCTION) or (
            initial and (
            tokens[0][2].lower() in _FUNCTION
            or (_INFLECTED.search(tokens[0][2]) and tokens[0][2] not in lists.places)
        ))):
            tokens = _trim(tokens[1:])
            initial = False
        # a lower-case role word capitalised only because it starts the sentence ("Lawyer Daniel Ortiz")
        lead_role = None
        if (initial and len(tokens) > 1 and tokens[0][2].lower() in lists.role_words
                and tokens[0][2] not in reader.title_first and tokens[0][2] not in lists.honorifics
                and not any(w in reader.heads for _, _, w in tokens[1:])):
            lead_role = tokens[0][2].lower()
            tokens, initial = _trim(tokens[1:]), False
        if not tokens:
            continue
        words = [w for _, _, w in tokens]
        if _PARTY_TAG.match(words[0]):
            continue
        # titles: the last title (with its complement) splits role from name
        role = affiliation = None
        evidence: list[str] = [f"role word: {lead_role}"] if lead_role else []
        i = len(words) if words[-1] in reader.heads else 0
        first_title = last_title_end = None
        while i < len(words):
            n = reader.title_at(words, i)
            if n:
                if first_title is None:
                    first_title = i
                kind = "honorific:" if words[i] in lists.honorifics else "title:"
                evidence.append(kind + " ".join(words[i : i + n]))
                i += n
                last_title_end = i
                if i < len(words) and words[i] in ("to", "of", "for", "on"):
                    j = i + 1
                    if j < len(words) and words[j] == "the":
                        j += 1
                    k = j
                    for n_place in range(len(words) - j, 0, -1):
                        if " ".join(words[j : j + n_place]) in lists.places:
                            k = j + n_place
                            break
                    else:
                        k = j + 1
                    i = last_title_end = min(k, len(words))
                continue
            if first_title is not None:
                break
            i += 1
        if first_title is not None:
            name_tokens = tokens[last_title_end:]
            role_text = text[tokens[first_title][0] : tokens[last_title_end - 1][1]]
            if not all(e.startswith("honorific:") for e in evidence):
                role = role_text
            if first_title > 0:
                pre = text[tokens[0][0] : tokens[first_title - 1][1]]
                affiliation = lists.demonyms.get(pre, pre)
                if pre not in lists.demonyms:
                    out.append(_Piece(pre, tokens[0][0], tokens[first_title - 1][1],
                                      [w for _, _, w in tokens[:first_title]], ["before a title"], None, None, True))
            elif last_title_end < len(tokens) and role and role.split()[0] in lists.demonyms:
                affiliation = lists.demonyms[role.split()[0]]
            if not name_tokens:
                continue
            tokens, initial = name_tokens, False
            words = [w for _, _, w in tokens]
        start, end = tokens[0][0], tokens[-1][1]
        out.append(_Piece(text[start:end], start, end, words, evidence, role or lead_role, affiliation, initial))
    return out


def _role_word(reader: _Reader, piece: _Piece, previous: _Piece | None, before: str) -> None:
    """A lower-case role word just before a piece ("NRA spokesman Dale Hutchins", "Health minister X")."""
    text, lists = reader.text, reader.lists
    word = search_last_word(_LAST_WORD, before)
    if not (word and word.group(1) in lists.role_words):
        return
    piece.evidence.append(f"role word: {word.group(1)}")
    piece.role = piece.role or word.group(1)
    if previous is not None and not text[previous.end : piece.start - len(word.group())].strip(" \u00a0’'s"):
        if f"{previous.surface} {word.group(1).title()}" in lists.titles:  # "Health minister": a portfolio
            piece.role = f"{previous.surface} {word.group(1)}"
            previous.in_role = True
        else:
            piece.affiliation = piece.affiliation or lists.demonyms.get(previous.surface, previous.surface)


def _post_modifier(reader: _Reader, piece: _Piece, after: str) -> None:
    """"X of the University of Elmwood": the organisation or place after "of"/"at" is the affiliation.

    It wins over a capitalised word before a role word ("Transport economist Lena Berg of the
    University of Elmwood": not "Transport"). Only for a name without organisation or place words.
    """
    lists = reader.lists
    match = _POST_MODIFIER.match(after)
    if not match or any(w in lists.organisation_words or w in lists.place_words for w in piece.words) or (
            piece.surface in lists.places):
        return
    name = _POSSESSIVE_S.split(match.group(1))[0]
    words = name.split()
    if any(w in lists.organisation_words for w in words) or name in lists.places or _is_acronym(name):
        piece.affiliation = lists.demonyms.get(name, name)
        piece.evidence.append(f"post-modifier: {match.group(0).strip()}")


_OWNER = re.compile(r"(?:the\s+)?(?:(its|their)|([a-z]+)['’]s)\s+(.+)$")


def _owner(piece: _Piece, role: str) -> None:
    """"its spokeswoman", "the company's chief executive": the role without its owner, who is named before.

    ``piece.owner`` is "" for "its"/"their" (the last organisation named before) or the noun
    ("agency": the last organisation named before with that word, else the last one);
    :func:`discover_actors` finds it once the names are typed.
    """
    match = _OWNER.match(role)
    if match and piece.affiliation is None:
        piece.owner = match.group(2) or ""
        if piece.role == role or piece.role == role.removeprefix("the "):
            piece.role = match.group(3)


def _context(reader: _Reader, piece: _Piece, previous: _Piece | None) -> None:
    """Role, affiliation and person evidence from the words around a piece."""
    text, lists = reader.text, reader.lists
    before = text[max(piece.start - 60, 0) : piece.start]
    after = text[piece.end : piece.end + 140]
    _role_word(reader, piece, previous, before)
    _post_modifier(reader, piece, after)
    party = _PARTY_AFTER.match(after)
    if party:
        if party.group(1):
            piece.affiliation = piece.affiliation or f"{_PARTIES[party.group(1)]} ({party.group(1)}-{party.group(2)})"
        else:
            kind = {"Republican": "Republican Party", "Democrat": "Democratic Party"}.get(party.group(3), "Independent")
            piece.affiliation = piece.affiliation or f"{kind} ({party.group(4)})"
        piece.evidence.append("party tag")
    else:
        apposition = _APPOSITION_AFTER.match(after)
        if apposition:
            phrase = apposition.group(1)
            head = re.match(r"(.+?)\s+(?:of|for|at|to|with)\s+(?:the\s+)?(.+)$", phrase)
            role_part = head.group(1) if head else phrase
            last = role_part.split()[-1] if role_part.split() else ""
            if last.lower() in lists.role_words or last in reader.title_words or role_part in lists.titles:
                piece.evidence.append(f"apposition: {phrase}")
                piece.role = piece.role or phrase if not head else (piece.role or role_part)
                _owner(piece, role_part)
                if role_part.split()[0] in lists.demonyms:  # "Danish Ambassador to Japan": Denmark
                    piece.affiliation = piece.affiliation or lists.demonyms[role_part.split()[0]]
                if head:
                    org = head.group(2)
                    if re.search(r"['’]s\s+[a-z]", org):  # "the BMA's resident doctors committee"
                        org = re.split(r"['’]s\s", org)[0]
                    org = re.sub(r"\s*\([^)]*\)$", "", org)
                    org = re.split(r"\s+(?:who|which|that|where|whose)\b", org)[0]  # not the relative clause
                    if any(c.isupper() for c in org):  # "at the agency": a common noun names no affiliation
                        piece.affiliation = piece.affiliation or lists.demonyms.get(org, org)
    # both patterns end in white space after a comma or a reporting verb: tested only then
    ends_in_space = before[-1:].isspace()
    appositive = _APPOSITION_BEFORE.search(before) if ends_in_space and before.rstrip().endswith(",") else None
    if appositive:
        phrase = appositive.group(1)
        last = phrase.split()[-1]
        if last.lower() in lists.role_words or last in reader.title_words:
            piece.evidence.append(f"apposition: {phrase}")
            piece.role = piece.role or phrase
            if appositive.group(0)[:3].lower() in ("its", "the"):
                _owner(piece, f"{appositive.group(0).split()[0].lower()} {phrase}")
    if _SAID.match(after) and not _POSSESSIVE_S.match(after):
        piece.evidence.append("subject of a reporting verb")
    elif ends_in_space and before.rstrip().endswith(_SAID_WORDS) and _SAID_BEFORE.search(before):
        piece.evidence.append("after a reporting verb")


def _group_label(reader: _Reader, piece: _Piece) -> None:
    """Extend a piece by the plural noun of a group label after it ("Anti-pharma activists").

    The nouns are the lower-case ``group_words``; a name that is already something (an
    organisation, place, outlet, title or acronym) is left alone ("NRA activists" stay the NRA's).
    """
    lists = reader.lists
    match = _GROUP_NOUN.match(reader.text, piece.end)
    if not match or match.group(1) not in lists.group_words or piece.evidence:
        return
    if (piece.surface in lists.places or _is_acronym(piece.surface) or piece.surface in lists.media_words
            or any(w in lists.organisation_words or w in lists.place_words for w in piece.words)):
        return
    piece.surface = reader.text[piece.start : match.end(1)]
    piece.end = match.end(1)
    piece.words = [*piece.words, match.group(1)]
    piece.evidence.append(f"group label: {match.group(1)}")


def _term_acronyms(text: str, lists: NameLists) -> set[str]:
    """Acronyms that stand for a thing, not an actor, in ``text``.

    An acronym in brackets after a lower-case word or a one-word term ("the impurity,
    N-nitrosodimethylamine (NDMA)"), or after a descriptor that is no organisation word ("the
    chemical NDMA"), or followed by such an apposition ("NDMA, an impurity,"). An organisation
    descriptor ("the agency FEMA", "the watchdog GAO") keeps it an organisation.

    Examples
    --------
    >>> sorted(_term_acronyms("N-nitrosodimethylamine (NDMA) and the chemical NDMA; the agency FEMA.",
    ...                       load_name_lists()))
    ['NDMA']
    """
    found: set[str] = set()
    bodies = {w.lower() for w in lists.organisation_words}
    for match in _ACRONYM_AT.finditer(text):  # acronyms are few: each one's context is read on its own
        acronym, at, end = match.group(), match.start(), match.end()
        before = text[max(at - 60, 0) : at]
        if text[end : end + 1] == ")" and (word := _BEFORE_BRACKET.search(before)):
            name_before = _NAME_END.search(before[: word.start()].rstrip())  # the expansion is a name
            if word.group(1)[:1].islower() or not name_before:
                found.add(acronym)
            continue
        descriptor = _DESCRIPTOR_BEFORE.search(before)
        apposition = _APPOSITION_THING.match(text, end, end + 80) if descriptor is None else None
        word = descriptor or apposition
        if word and word.group(1) not in bodies and word.group(1) not in lists.role_words:
            found.add(acronym)
    return found


_GROUP_NOUN = re.compile(r"\s+([a-z]+)\b")
_ACRONYM_AT = re.compile(r"(?<![\w’'.-])[A-Z]{2,6}(?![\w’'-])")
_BEFORE_BRACKET = re.compile(r"(?<![\w-])([\w-]+)\s+\($")
_NAME_END = re.compile(r"[A-Z][\w.’'-]*$")
_DESCRIPTOR_BEFORE = re.compile(r"\b[Tt]he\s+([a-z]+)\s+$")
_APPOSITION_THING = re.compile(r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,3}?([a-z]+),")


_MEDIA_HEADS = frozenset(
    {"Times", "Post", "News", "Herald", "Journal", "Tribune", "Shimbun", "Gazette", "Telegraph", "Daily", "Radio",
     "Television", "TV", "Broadcasting"}
)

_PLACE_FIRST = frozenset({"Port", "Lake", "Mount", "Fort", "Cape"})
"""Words that begin a place name ("Port Elmwood", "Lake Placid", "Cape Town"): a name so begun is a
place, not the person its two capitalised words would otherwise make it."""


def _classify(piece: _Piece, lists: NameLists) -> str | None:  # noqa: C901 - an ordered list of type rules
    surface, words = piece.surface, piece.words
    caps = surface.isupper() and len(surface.replace(".", "")) > _SHORT_NAME
    plain = surface.title() if caps else surface
    person = any(e.startswith(("title:", "honorific:", "role word", "apposition", "party tag")) for e in piece.evidence)
    said = any(e.startswith(("subject of", "after a reporting")) for e in piece.evidence)
    if (surface in lists.calendar or surface in lists.demonyms or surface.lower() in _FUNCTION
            or any(w in lists.event_words for w in words)):
        return None
    if (surface in lists.media_words and surface not in _MEDIA_HEADS) or (
        len(words) > 1 and (words[-1] in lists.media_words or words[0] in lists.media_words - _MEDIA_HEADS)
    ):
        piece.evidence.append("outlet name")
        return "media"
    if plain in lists.places:
        piece.evidence.append("gazetteer")
        return "country"
    if surface in lists.group_words:
        piece.evidence.append("group word")
        return "group"
    if words[-1] in lists.group_words and words[-1].islower():  # extended by _group_label
        return "group"
    if person and not any(w in lists.organisation_words for w in words):
        return "person"
    if len(words) > 1 and words[-1] in lists.document_words and words[-1][:1].isupper():
        piece.evidence.append(f"document word: {words[-1]}")
        return "document"
    heads = [w for w in words if w in lists.organisation_words]
    if heads:
        piece.evidence.append(f"organisation word: {heads[-1]}")
        return "organisation"
    if len(words) > 1 and any(_is_acronym(w) for w in words):
        piece.evidence.append("acronym in name")
        return "organisation"
    if len(words) > 1 and words[-1] in lists.places and not person:
        piece.evidence.append(f"place: {words[-1]}")
        return "country"
    if said and len(words) > 1:
        return "person"
    if words[-1] in lists.place_words:
        piece.evidence.append(f"place word: {words[-1]}")
        return "country"
    if len(words) > 1 and words[0] in _PLACE_FIRST:
        piece.evidence.append(f"place word: {words[0]}")
        return "country"
    if person:
        return "person"
    if _is_acronym(surface):
        piece.evidence.append("acronym")
        return "organisation"
    if "before a title" in piece.evidence:
        return None
    if len([w for w in words if w[:1].isupper()]) > 1:
        piece.evidence.append("multi-word name")
        return "person"
    if said:
        return "person"
    return None


def _short_form(word: str, name: str, lists: NameLists) -> bool:
    """Whether ``word``, the last word of the organisation ``name``, may stand for it alone.

    An institution word that names an institution on its own ("House", "Senate": the
    ``institutions`` list) is the short form only of that institution of a place: "Congress" of
    "U.S. Congress", "Senate" of "Texas Senate", but "House" is not "White House".

    Examples
    --------
    >>> lists = load_name_lists()
    >>> [_short_form(w, n, lists) for w, n in [("House", "White House"), ("Senate", "Texas Senate"),
    ...                                       ("Congress", "U.S. Congress"), ("Commission", "European Commission")]]
    [False, True, True, True]
    """
    if word not in lists.institutions:
        return True
    qualifier = name[: len(name) - len(word)].strip()
    return qualifier in lists.places or qualifier in lists.demonyms


_MISSPELT_MIN = 7  # letters of a surname whose one-letter misspelling is still that surname


def _misspelt(word: str, surname: str) -> bool:
    """Whether ``word`` is ``surname`` with one letter after its first three changed ("Tsuruoki", "Tsuruoka").

    Examples
    --------
    >>> _misspelt("Tsuruoki", "Tsuruoka"), _misspelt("Hanson", "Hansen"), _misspelt("Tsuruoka", "Tsuruoka")
    (True, False, False)
    """
    if len(word) != len(surname) or len(word) < _MISSPELT_MIN or word[:3] != surname[:3]:
        return False
    return sum(a != b for a, b in zip(word, surname, strict=True)) == 1


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper() or w[:1].isdigit())


@dataclass
class _Group:
    name: str
    type: str
    surfaces: list[str]
    evidence: list[str]
    role: str | None
    affiliation: str | None
    count: int


def _owners(pieces: Sequence[_Piece], groups: dict[str, _Group], owner: dict[str, str]) -> None:
    """Affiliations of "Its spokeswoman, Ruth Adebayo" and "Martin Kessler, the company's chief executive".

    The organisation (or outlet) named last before the person; for "the agency's", the last one
    whose name has the word "Agency" if any. Set only where no affiliation was found otherwise.
    """
    named: list[tuple[int, str]] = []  # (start, organisation) in text order
    for piece in pieces:
        group = groups.get(owner.get(piece.surface, ""))
        if piece.owner is not None and group is not None and group.type == "person" and not group.affiliation:
            noun = piece.owner.title()
            fitting = [name for _, name in named if noun in name.split()]
            if fitting or named:
                group.affiliation = fitting[-1] if fitting else named[-1][1]
        if group is not None and group.type in ("organisation", "media"):
            named.append((piece.start, group.name))


def discover_actors(  # noqa: C901 - the merge rules of the module docstring, in order
    text: str,
    *,
    sentences: Sequence[tuple[int, int]] | None = None,
    known: Sequence[Actor] = (),
    lists: NameLists | None = None,
    outlets: Sequence[str] = (),
) -> tuple[list[Actor], dict[str, tuple[str, ...]]]:
    """Actors named in one article, and its ambiguous surnames (see the module docstring).

    Parameters
    ----------
    text : str
        A cleaned article body.
    sentences : sequence of (start, end), optional
        Sentence spans (sentence-initial capitals); by default only the text's start.
    known : sequence of Actor
        Background actors: their aliases are not rediscovered.
    lists : NameLists, optional
        Default: :func:`load_name_lists`.
    outlets : sequence of str
        News outlets of the event (``articles.outlet``): a name that is one of them, with or
        without a leading "The", is typed ``media`` (evidence "outlet of the event").

    Returns
    -------
    actors : list of Actor
        In order of first appearance, each with ``aliases`` (its name first) and ``evidence``.
    ambiguous : dict
        Surface form -> names of the persons it may stand for.

    Examples
    --------
    >>> text = ("Rep. Elena Marquez-Lowry, D-Calif., said the National Rifle Association (NRA) lied. "
    ...         "NRA spokesman Dale Hutchins disagreed. Hutchins said Marquez-Lowry was wrong.")
    >>> actors, ambiguous = discover_actors(text)
    >>> [(a.name, a.type, a.aliases, a.role, a.affiliation) for a in actors]  # doctest: +NORMALIZE_WHITESPACE
    [('Elena Marquez-Lowry', 'person', ('Elena Marquez-Lowry', 'Marquez-Lowry'), 'Rep.', 'Democratic Party (D-Calif.)'),
     ('National Rifle Association', 'organisation', ('National Rifle Association', 'NRA'), None, None),
     ('Dale Hutchins', 'person', ('Dale Hutchins', 'Hutchins'), 'spokesman', 'NRA')]
    """
    lists = load_name_lists() if lists is None else lists
    sentences = [(0, len(text))] if sentences is None else sentences
    reader = _Reader(text, sentences, lists)
    known_aliases = {alias for actor in known for alias in actor.aliases}
    own_outlets = {o for outlet in outlets for o in (outlet, re.sub(r"^The\s+", "", outlet))}
    skip = headline_end(text)
    pieces: list[_Piece] = []
    acronym_pairs: dict[str, str] = {}
    previous: _Piece | None = None
    for run in name_runs(text, abbreviations=lists.abbreviations, joins=reader.joins):
        quoted_term = text[run.start - 1 : run.start] in ("“", '"') and text[run.end : run.end + 1] in ("”", '"')
        if run.start < skip or quoted_term:
            continue
        for piece in _pieces(reader, run):
            _group_label(reader, piece)
            _context(reader, piece, previous)
            pieces.append(piece)
            previous = piece
        bracket = _BRACKETED.match(text[run.end : run.end + 14])
        if bracket and pieces and pieces[-1].end == run.end and len(pieces[-1].words) > 1:
            acronym, full = bracket.group(1), pieces[-1]
            if acronym[0] == full.words[0][0] or acronym.replace(".", "") in _initials(full.words):
                acronym_pairs[acronym] = full.surface
    # classify each surface once, pooling the evidence of all its pieces
    by_surface: dict[str, list[_Piece]] = {}
    terms = _term_acronyms(text, lists)
    for piece in pieces:
        if piece.surface in known_aliases or (piece.surface.title() in known_aliases and piece.surface.isupper()):
            continue
        if piece.in_role or piece.surface in terms:
            continue
        by_surface.setdefault(piece.surface, []).append(piece)
    mid = {p.surface for p in pieces if not p.sentence_initial}
    info: dict[str, tuple[str | None, list[str], str | None, str | None, int]] = {}
    for surface, group in by_surface.items():
        if surface in _CALENDAR or surface in lists.demonyms or surface.lower() in _FUNCTION:
            continue
        merged = _Piece(surface, group[0].start, group[0].end, group[0].words,
                        sorted({e for p in group for e in p.evidence}))
        merged.role = next((p.role for p in group if p.role), None)
        merged.affiliation = next((p.affiliation for p in group if p.affiliation), None)
        kind = _classify(merged, lists)
        if surface in own_outlets:  # the event's own outlets ("The Sentinel understands ..."): media
            kind = "media"
            merged.evidence = sorted({*merged.evidence, "outlet of the event"} - {"outlet name"})
        if kind is not None and len(merged.words) == 1 and surface not in mid and kind == "person" and not any(
            e.startswith(("title", "honorific", "role", "apposition")) for e in merged.evidence
        ):
            kind = "person"
        info[surface] = (kind, merged.evidence, merged.role, merged.affiliation, len(group))
    # merge variants into groups
    groups: dict[str, _Group] = {}
    owner: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    split = {surface: surface.split() for surface in info}  # each surface's words, split once
    people = [s for s, v in info.items() if v[0] == "person" and len(split[s]) > 1]
    ordered = sorted(info, key=lambda s: (-len(s.split()), s.isupper(), -len(s), s))
    for surface in ordered:
        kind, evidence, role, affiliation, count = info[surface]
        target = None
        if surface.isupper() and surface.title() in owner:
            target = owner[surface.title()]
        elif surface.upper() in owner:
            target = owner[surface.upper()]
        elif surface in acronym_pairs and acronym_pairs[surface] in owner:
            target = owner[acronym_pairs[surface]]
        elif kind in ("person", None) or (kind != "media" and "gazetteer" not in evidence
                                          and len(surface.split()) < _SHORT_NAME):
            parts = split[surface]
            tails = [p for p in people if p != surface and split[p][-len(parts):] == parts]
            heads = [p for p in people if p != surface and split[p][0] == surface and kind in ("person", None)]
            candidates = sorted({owner[p] for p in (tails or heads) if p in owner})
            if not candidates and len(parts) == 1 and kind in ("person", None):  # "Tsuruoki" for Tsuruoka
                candidates = sorted({owner[p] for p in people if p in owner and _misspelt(surface, split[p][-1])})
                candidates = candidates if len(candidates) == 1 else []
            if len(candidates) == 1:
                target = candidates[0]
            elif len(candidates) > 1:
                ambiguous[surface] = tuple(candidates)
                continue
        if target is None and len(split[surface]) == 1 and kind not in ("country", "media", "group"):
            # "Commission" for the European Commission, "Hartwell" for Hartwell Aerospace
            orgs = sorted({owner[s] for s in owner if len(split[s]) > 1 and info.get(s, (None,))[0] == "organisation"
                           and (split[s][0] == surface or (split[s][-1] == surface
                                                           and _short_form(surface, s, lists)))})
            if len(orgs) == 1 and not any(e.startswith(("title", "honorific", "role", "apposition"))
                                          for e in evidence):
                target = orgs[0]
        if target is None and _is_acronym(surface):
            matches = sorted({owner[s] for s in owner if len(split[s]) > 1 and info.get(s, (None,))[0] != "person"
                              and _initials(split[s]) == surface.replace(".", "")})
            if len(matches) == 1:
                target = matches[0]
        if target is not None:
            group = groups[target]
            group.surfaces.append(surface)
            group.evidence.extend(e for e in evidence if e not in group.evidence)
            group.role = group.role or role
            group.affiliation = group.affiliation or affiliation
            group.count += count
            owner[surface] = target
            continue
        if kind is None:
            continue
        groups[surface] = _Group(surface, kind, [surface], list(evidence), role, affiliation, count)
        owner[surface] = surface
    _owners(pieces, groups, owner)
    first = {}
    for piece in pieces:
        if piece.surface in owner:
            first.setdefault(owner[piece.surface], piece.start)
    actors = []
    for name in sorted(groups, key=lambda g: (first.get(g, len(text)), g)):
        group = groups[name]
        surfaces = [name] + sorted(s for s in group.surfaces if s != name and s not in known_aliases)
        head = (group.role or "").split(" to ")[0].split(" of ")[0].split()[-1:] if group.type == "person" else []
        heads = tuple(h.lower() for h in head if re.fullmatch(r"[A-Za-z][a-z-]+", h) and h.lower() not in _FUNCTION)
        actors.append(Actor(name=name, type=group.type, aliases=tuple(surfaces), role=group.role,
                            affiliation=group.affiliation, heads=heads, evidence=tuple(group.evidence)))
    return actors, ambiguous


def resolve_ambiguous(
    mentions: Sequence[Mention], ambiguous: dict[str, tuple[str, ...]], *, roles: dict[str, str] | None = None
) -> list[Mention]:
    """Give each mention of an ambiguous surname to the last of its persons named before it.

    When the mention's label carries a title that is in exactly one of those persons' ``roles``
    ("Minister Kim" and a Defense Minister), that person is chosen instead.

    ``mentions`` come from :func:`analysis.analyses.stance.actors.find_mentions` with an actor
    per ambiguous surface whose name is the surface itself; a mention before any of its persons
    keeps no actor.

    Examples
    --------
    >>> ms = [Mention("Karen Johnson", "Karen Johnson", "Karen Johnson", 0, 13, "name"),
    ...       Mention("Derek Johnson", "Derek Johnson", "Derek Johnson", 20, 33, "name"),
    ...       Mention("Johnson", "Mr. Johnson", "Johnson", 40, 51, "name")]
    >>> [m.actor for m in resolve_ambiguous(ms, {"Johnson": ("Derek Johnson", "Karen Johnson")})]
    ['Karen Johnson', 'Derek Johnson', 'Derek Johnson']
    """
    out: list[Mention] = []
    last: dict[str, int] = {}
    for mention in mentions:
        if mention.kind == "name" and mention.head in ambiguous and mention.actor == mention.head:
            persons = [p for p in ambiguous[mention.head] if p in last]
            actor = max(persons, key=lambda p: (last[p], p)) if persons else None
            title = mention.label[: len(mention.label) - len(mention.head)].split()
            if title and roles:
                by_role = [p for p in ambiguous[mention.head]
                           if p in last and title[-1] in (roles.get(p) or "").split()]
                if len(by_role) == 1:
                    actor = by_role[0]
            out.append(mention._replace(actor=actor))
            continue
        if mention.actor is not None:
            last[mention.actor] = mention.start
        out.append(mention)
    return out


_GENDER_WORD = re.compile(r"[a-z]+")


def person_genders(
    actors: Sequence[Actor], mentions: Sequence[Mention], *, lists: NameLists | None = None
) -> dict[str, str]:
    """The pronoun ("he" or "she") of each person whose honorific, role or evidence says it.

    The words looked at are the actor's ``role`` and ``evidence`` ("honorific:Mrs", "role word:
    spokeswoman") and the titles of its name mentions ("Ms. Johnson"), against the ``female_words``
    and ``male_words`` of the name lists; a person with words of both or neither is left out.

    Examples
    --------
    >>> actors = [Actor("Janet Hughes", "person", ("Janet Hughes", "Hughes")),
    ...           Actor("Laura Finch", "person", ("Laura Finch",), role="spokeswoman"), Actor("Ann Lee", "person", ())]
    >>> mentions = [Mention("Janet Hughes", "Mrs Hughes", "Hughes", 0, 10, "name")]
    >>> person_genders(actors, mentions)
    {'Janet Hughes': 'she', 'Laura Finch': 'she'}
    """
    lists = load_name_lists() if lists is None else lists
    words: dict[str, set[str]] = {}
    for actor in actors:
        if actor.type == "person":
            found = words.setdefault(actor.name, set())
            found.update(_GENDER_WORD.findall(" ".join([actor.role or "", *actor.evidence]).lower()))
    for m in mentions:
        if m.kind == "name" and m.actor in words and len(m.label) > len(m.head):
            words[m.actor].update(_GENDER_WORD.findall(m.label[: len(m.label) - len(m.head)].lower()))
    out = {}
    for name in sorted(words):
        female, male = bool(words[name] & lists.female_words), bool(words[name] & lists.male_words)
        if female != male:
            out[name] = "she" if female else "he"
    return out


# --------------------------------------------------------------------------------------------------
# Event level


def _missing(value: object) -> bool:
    """Whether a table cell is empty (None, NaN or NA)."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def event_actors(discovered: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per actor of an event (the ``actors`` table), from per-article discoveries and mentions.

    Parameters
    ----------
    discovered : DataFrame
        One row per (article, actor): article_id, name, type, role, affiliation, variants (list),
        evidence (list).
    mentions : DataFrame
        The ``actor_mentions`` table (rows of kind ``name`` are counted).

    Returns
    -------
    DataFrame
        Columns :data:`ACTOR_TABLE_COLUMNS`: variants and evidence joined with "; ", the most
        frequent role and affiliation (ties: alphabetical), mentions and articles counted over
        the event; sorted by mentions (descending) then name.

    Examples
    --------
    >>> d = pd.DataFrame({"article_id": ["a", "b"], "name": ["Ann Lee", "Ann Lee"], "type": ["person"] * 2,
    ...                   "role": ["Sen.", None], "affiliation": [None, None], "variants": [["Lee"], []],
    ...                   "evidence": [["title: Sen."], ["multi-word name"]]})
    >>> m = pd.DataFrame({"article_id": ["a", "a", "b"], "actor": ["Ann Lee"] * 3, "kind": ["name"] * 3})
    >>> event_actors(d, m).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'name': 'Ann Lee', 'type': 'person', 'role': 'Sen.', 'affiliation': None, 'variants': 'Lee',
     'mentions': 3, 'articles': 2, 'evidence': 'multi-word name; title: Sen.'}
    """
    named = mentions[(mentions["kind"] == "name") & mentions["actor"].notna()]
    counts: dict[str, int] = {}
    named_in: dict[str, set] = {}
    for actor, article in zip(named["actor"].tolist(), named["article_id"].tolist(), strict=True):
        counts[actor] = counts.get(actor, 0) + 1
        named_in.setdefault(actor, set()).add(article)
    groups: dict[str, list[tuple]] = {}  # plain lists: pandas per actor dominated large events
    for row in zip(*(discovered[c].tolist() for c in ("name", "article_id", "type", "role", "affiliation",
                                                       "variants", "evidence")), strict=True):
        if not _missing(row[0]):
            groups.setdefault(row[0], []).append(row)

    def top(values: list) -> str | None:
        freq: dict = {}
        for value in values:
            if not _missing(value):
                freq[value] = freq.get(value, 0) + 1
        return min(freq, key=lambda value: (-freq[value], value)) if freq else None

    rows = []
    for name in sorted(groups):
        group = groups[name]
        variants = sorted({v for row in group for v in row[5] if v != name})
        evidence = sorted({e for row in group for e in row[6]})
        rows.append({
            "name": name, "type": top([row[2] for row in group]), "role": top([row[3] for row in group]),
            "affiliation": top([row[4] for row in group]), "variants": "; ".join(variants),
            "mentions": counts.get(name, 0),
            "articles": len(named_in[name]) if name in named_in else len({row[1] for row in group}),
            "evidence": "; ".join(evidence),
        })
    table = pd.DataFrame(rows, columns=ACTOR_TABLE_COLUMNS)
    return table.sort_values(["mentions", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def starter_actors_yaml(table: pd.DataFrame, *, event: str, min_mentions: int = 2) -> str:
    """A starter ``actors.yaml`` for an event from its ``actors`` table, counts and evidence as comments.

    Actors mentioned fewer than ``min_mentions`` times are left out; documents are left out
    (they are found again in each article). Types and aliases are as discovered, for the user to edit.

    Examples
    --------
    >>> t = pd.DataFrame([{"name": "Ann Lee", "type": "person", "role": "Sen.", "affiliation": None,
    ...                    "variants": "Lee", "mentions": 3, "articles": 2, "evidence": "title: Sen."}])
    >>> print(starter_actors_yaml(t, event="demo"))  # doctest: +NORMALIZE_WHITESPACE
    # Starter actors file for the event "demo", written by `python -m analysis actors`.
    # Discovered from the articles' text; edit, then keep what is right (an event's actors.yaml
    # overrides and adds to what is discovered).
    source: discovered by python -m analysis actors (edit me)
    include_default: true
    actors:
      # 3 mentions in 2 articles; evidence: title: Sen.
      - name: "Ann Lee"
        type: person
        aliases: ["Ann Lee", "Lee"]
        role: "Sen."
    """
    import json

    lines = [
        f"# Starter actors file for the event {json.dumps(event)}, written by `python -m analysis actors`.",
        "# Discovered from the articles' text; edit, then keep what is right (an event's actors.yaml",
        "# overrides and adds to what is discovered).",
        "source: discovered by python -m analysis actors (edit me)",
        "include_default: true",
        "actors:",
    ]
    for row in table.itertuples(index=False):
        if row.mentions < min_mentions or row.type == "document":
            continue
        aliases = [row.name] + [v for v in str(row.variants or "").split("; ") if v]
        lines.append(f"  # {row.mentions} mentions in {row.articles} articles; evidence: {row.evidence}")
        lines.append(f"  - name: {json.dumps(row.name, ensure_ascii=False)}")
        lines.append(f"    type: {row.type}")
        lines.append(f"    aliases: [{', '.join(json.dumps(a, ensure_ascii=False) for a in aliases)}]")
        if isinstance(row.role, str) and row.role:
            lines.append(f"    role: {json.dumps(row.role, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
