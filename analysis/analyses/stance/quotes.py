"""Quotations, reporting verbs and who speaks.

* Quoted passages come from :mod:`analysis.text.quotation` (:func:`quote_spans`, :func:`in_spans`;
  re-exported here).
* :func:`find_reporting_verbs` finds reporting verbs from ``analysis/data/reporting_verbs.yaml``
  (neutral, sceptical, evaluative, endorsing), in direct and in paraphrased speech, leaving out
  noun uses ("a May 3 report", "rejected claims", "member states") and passives that report
  nothing ("has been added:"), and finds each one's speaker.
* :func:`find_quotations` classifies every quotation and finds who speaks it (see
  :data:`QUOTE_KINDS` and the rules in its docstring).

Speakers are actors of an actors file (:mod:`analysis.analyses.stance.actors`). A pronoun speaker ("he said",
"said he", "according to him") is a person before it outside quotations whose gender fits
(``genders``: from honorifics and roles, and from an earlier "he/she said" given to them): the last
of them who spoke or, since, opened a sentence as its subject (not one only mentioned in a clause);
the last of them named when none has spoken yet. It is left without an actor when no person fits.
A description ("the Ambassador said") is resolved as in
:func:`analysis.analyses.stance.actors.find_mentions` or left without an actor.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from analysis.analyses.stance.actors import Mention, actor_index, search_last_word
from analysis.resources.actors import Actor
from analysis.resources.verbs import (
    VerbEntry,
)
from analysis.text.quotation import QuoteSpan, quote_spans
from analysis.text.sentences import sentence_at
from analysis.text.tokens import fold_case, fold_case_keeping_length

__all__ = [
    "QUOTE_KINDS",
    "Quotation",
    "VerbCue",
    "find_quotations",
    "find_reporting_verbs",
    "folded_text",
    "trie_alternation",
]


QUOTE_KINDS = ("direct", "partial", "scare", "term", "unattributed")
"""Kinds of quotation:

``direct``
    speech quoted from the start of a sentence (possibly several sentences), with a speaker;
``partial``
    a fragment of speech inside the writer's sentence, attributed to a speaker ("Putin insisted
    that cooperation was “transparent”");
``scare``
    a short quotation (at most ``max_scare_words`` words) with no speaker, or whose only source in
    the sentence is a news outlet relaying facts ("the news outlet reported that ... regional
    “partners”"): the writer's own distancing quotes;
``term``
    a name, title or coined term: in title case (“Indo-Pacific Strategy”) or introduced as a term
    (“free and open Indo-Pacific,” a term popularized by ..., so-called “...”);
``unattributed``
    a longer quotation with no speaker found.
"""


# --------------------------------------------------------------------------------------------------
# Reporting verbs


class VerbCue(NamedTuple):
    """A reporting verb in a text: ``form`` as written (lower case), its ``lemma`` and ``category``."""

    start: int
    end: int
    form: str
    lemma: str
    category: str


MIN_ADVERB_LENGTH = 4  # "-ly" words this short are not adverbs to skip ("only", "fly", "Italy")
MAX_TERM_WORDS = 6  # a quoted name or coined term ("Indo-Pacific Strategy") is at most this many words
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which"})
_BE = frozenset({"is", "was", "are", "were", "be", "been", "being"})
_NOT_SUBJECT = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "my", "your", "in", "on",
     "of", "for", "from", "with", "by", "to", "at", "and", "or", "but", "as", "based", "according"}
)
_WORD = re.compile(r"[\w’'.-]+")


_WORD_AT_END = re.compile(r"([\w’'.-]+)\s*$")
_WORD_AT_START = re.compile(r"\s*([\w’'-]+)")


def _previous_word(text: str, position: int, *, skip_adverbs: bool = True) -> str:
    """The word before ``position`` (skipping -ly adverbs and "also"), '' after punctuation."""
    pos = position
    while True:
        chunk = text[max(pos - 60, 0) : pos]
        match = search_last_word(_WORD_AT_END, chunk)
        if not match or chunk[match.end(1) :].strip():
            return ""
        word = match.group(1)
        low = word.lower()
        if skip_adverbs and (low in {"also", "previously", "first", "hitherto", "then", "later", "not"} or (
            low.endswith("ly") and len(low) > MIN_ADVERB_LENGTH and not word[:1].isupper()
        )):
            pos = pos - (len(chunk) - match.start(1))
            continue
        return word


def _next_word(text: str, position: int) -> str:
    match = _WORD_AT_START.match(text[position : position + 40])
    return match.group(1).lower() if match else ""


@functools.lru_cache(maxsize=8)
def _forms_by_first_word(forms: tuple[str, ...]) -> dict[str, tuple[str, ...]] | None:
    """Folded reporting verb ``forms`` (sorted longest first) by their first word, in the same order.

    None when a first word is not all letters (then only the alternation of all forms finds them).
    """
    by_first: dict[str, list[str]] = {}
    for form in forms:
        first = form.split()[0]
        if not re.fullmatch(r"[^\W\d_]+", first):
            return None
        by_first.setdefault(first, []).append(form)
    return {word: tuple(group) for word, group in by_first.items()}


@functools.lru_cache(maxsize=1024)
def _form_pattern(form: str) -> re.Pattern:
    """One folded reporting verb form as a pattern: its words apart by any white space."""
    return re.compile(r"\s+".join(map(re.escape, form.split())) + r"(?![\w-])")


@functools.lru_cache(maxsize=8)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern:
    body = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")


@functools.lru_cache(maxsize=8)
def _folded_forms(forms: tuple[str, ...]) -> tuple[dict[str, str], tuple[str, ...]]:
    """Reporting verb forms by their folded form, and the folded forms sorted longest first."""
    folded = {fold_case(f): f for f in forms}
    return folded, tuple(sorted(folded, key=lambda f: (-len(f), f)))


@functools.lru_cache(maxsize=4)
def folded_text(text: str) -> str:
    """:func:`analysis.text.tokens.fold_case_keeping_length` of ``text``, kept for the last few texts.

    A pure memo: the reporting verbs (:func:`find_reporting_verbs`) and the hedges and boosters
    (:func:`analysis.analyses.stance.cues.find_cues`) of an article search the same folded text,
    which is now folded once.

    Examples
    --------
    >>> folded_text("İSTANBUL said")
    'istanbul said'
    """
    return fold_case_keeping_length(text)


def trie_alternation(words: Sequence[str]) -> str:
    """A regular expression matching exactly ``words``, as a trie: one branch per shared prefix.

    Python's ``re`` tries the branches of an alternation one after the other at each position;
    with the words merged by prefix it reads each character once. Where one word is a prefix of
    another, the longer is tried first (greedy), as in an alternation sorted longest first.

    Examples
    --------
    >>> trie_alternation(["said", "says", "say", "told"])
    '(?:sa(?:id|y(?:s)?)|told)'
    >>> re.fullmatch(trie_alternation(["say", "says"]), "says") is not None
    True
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        alternatives = []
        for char in sorted(c for c in node if c):
            child, run = node[char], re.escape(char)
            while len(child) == 1 and "" not in child:  # a chain of single characters: one literal
                (char, child), = child.items()
                run += re.escape(char)
            alternatives.append(run + branch(child))
        if "" in node:
            return f"(?:{'|'.join(alternatives)})?" if alternatives else ""
        return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"

    return branch(tree)


@functools.lru_cache(maxsize=8)
def _first_words_pattern(first_words: tuple[str, ...]) -> re.Pattern:
    """A run of letters not preceded by a word character or a hyphen that is one of ``first_words``, all of it."""
    return re.compile(rf"(?<![\w-]){trie_alternation(first_words)}(?![^\W\d_])")


def _verb_matches(folded: str, forms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of the folded reporting verb ``forms`` (sorted longest first) in the folded text, left to right.

    The same spans as the alternation of all forms, ``(?<![\\w-])(?:...)(?![\\w-])``, at a
    fraction of its cost: a form can only start at a run of letters not preceded by a word
    character or a hyphen, and its first word must be that whole run, so only the forms with
    that first word are tried there, longest first. The runs that are a first word are found by
    one regular expression of all first words (:func:`trie_alternation`), not one by one.
    """
    by_first = _forms_by_first_word(forms)
    if by_first is None:
        return [m.span() for m in _forms_pattern(forms).finditer(folded)]
    out, cursor = [], 0
    for run in _first_words_pattern(tuple(by_first)).finditer(folded):
        if run.start() < cursor:
            continue
        for form in by_first.get(run.group(), ()):
            match = _form_pattern(form).match(folded, run.start())
            if match:
                out.append(match.span())
                cursor = match.end()
                break
    return out


def find_reporting_verbs(text: str, reporting_verbs: dict[str, VerbEntry]) -> list[VerbCue]:
    """Reporting verbs of ``text`` (see the module docstring for what is left out).

    Examples
    --------
    >>> from analysis.resources.verbs import validate_reporting_verbs
    >>> reporting_verbs = validate_reporting_verbs({"source": "x", "categories": {
    ...     "neutral": {"source": "x", "verbs": ["report", "add", {"verb": "continue", "not_followed_by": ["to"]}]},
    ...     "sceptical": {"source": "x", "verbs": ["claim"]}}})
    >>> text = ("Nikkei reported it. A May 3 report added: NATO's claim that it grows has been added: "
    ...         "he claims. Japan continues to grow, Putin continued.")
    >>> [(c.form, c.category) for c in find_reporting_verbs(text, reporting_verbs)]
    [('reported', 'neutral'), ('added', 'neutral'), ('claims', 'sceptical'), ('continued', 'neutral')]
    """
    if not reporting_verbs:
        return []
    folded_forms, forms = _folded_forms(tuple(reporting_verbs))
    out = []
    # the project's case folding, offsets kept
    folded = folded_text(text)
    for start, end in _verb_matches(folded, forms):
        form = folded_forms[" ".join(folded[start:end].split())]
        entry = reporting_verbs[form]
        if text[start:start + 1].isupper() and re.search(r"\w\s*$", text[max(start - 3, 0) : start]):
            continue  # part of a name: "the United States"
        following = _next_word(text, end)
        if following in entry.not_followed_by:
            continue
        previous = _previous_word(text, start)
        if form in entry.present:
            low = previous.lower()
            subject = low in _PRONOUNS or (
                previous[:1].isupper() and low not in _NOT_SUBJECT and not re.search(r"['’]s$", previous)
            )
            if not subject:
                continue
        if previous.lower() in _BE and following not in {"that", "by", "as"}:
            continue
        out.append(VerbCue(start, end, form, entry.lemma, entry.category))
    return out


# --------------------------------------------------------------------------------------------------
# Speakers and quotations


class Quotation(NamedTuple):
    """A quotation and who speaks it.

    ``speaker`` is an actor name or None; ``speaker_label`` the speaker as written ("she", "the
    Danish ambassador in Japan"); ``verb`` the reporting verb as written (lower case) or None;
    ``attribution`` how the speaker was found: ``"after"`` (“...,” she said), ``"before"`` (X
    said that ... “...”), ``"context"`` (carried over from the attribution just before in the
    paragraph), ``"media"`` (a scare quote whose only source in the sentence is a news outlet)
    or ``""``.
    """

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_label: str | None
    verb: str | None
    attribution: str


class _Speaker(NamedTuple):
    verb: VerbCue
    mention: Mention | None


_PRONOUN_SPEAKER = re.compile(r"(?<![\w’'-])(he|she|him|her|He|She)(?![\w’'-])")
_TERM_AFTER = re.compile(
    r"[\s,]*(?:a|an|the)\s+(?:\w+\s+)?(?:term|phrase|slogan|name|concept|expression|title|motto|label|word|catchphrase)\b",
    re.IGNORECASE,
)
_TERM_BEFORE = re.compile(
    r"(?:so-called|dubbed|called|termed|named|titled|entitled|known as|the (?:term|phrase|slogan|word|name))\s*$",
    re.IGNORECASE,
)
_MINOR = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with"})


_OF_BEFORE = re.compile(r"\s+(?:of|at)\s+(?:the\s+)?")
_SUBJECT_WORDS = 4  # at most this many words before a sentence's first person: its subject


class _Context:
    """What speaker finding needs about one article (internal)."""

    def __init__(self, text, sentences, mentions, actors, quotes, *, genders=None):
        self.text = text
        self.sentences = list(sentences)
        self.starts = [s for s, _ in self.sentences]
        self.by_name = actor_index(actors)
        self.quotes = quotes
        self.quote_starts = [q.start for q in quotes]
        self.quote_ends = sorted(q.end for q in quotes)
        self.mentions = sorted((m for m in mentions if not self.quoted(m.start)),
                               key=lambda m: (m.start, -m.end, m.head))
        self.mention_starts = [m.start for m in self.mentions]
        by_start: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_start.setdefault(m.start, []).append(m)
        self.by_start = by_start
        # persons in order of end, with the best (latest end, then longest) person so far at each index
        people = sorted((m for m in self.mentions if m.actor and self.by_name[m.actor].type == "person"),
                        key=lambda m: (m.end, m.end - m.start))
        self.person_ends = [m.end for m in people]
        self.people = people
        self.pronouns: list[Mention] = []
        self.resolved: dict[int, Mention] = {}  # pronoun start -> its mention, resolved once
        self.genders: dict[str, str] = dict(genders or {})  # person -> "he" / "she", learned as pronouns resolve
        self.spoken: list[tuple[int, str]] = []  # (verb start, person) of the speakers found so far
        firsts: dict[int, Mention] = {}  # sentence start -> its first person
        for m in sorted(people, key=lambda m: m.start):
            firsts.setdefault(self.sentence(m.start)[0], m)
        self.subjects = {m.start for lo, m in firsts.items() if len(text[lo : m.start].split()) <= _SUBJECT_WORDS}
        self.media_heads = {h for a in actors if a.type == "media" for h in a.heads}

    def quoted(self, position: int) -> bool:
        index = bisect.bisect_right(self.quote_starts, position) - 1
        return index >= 0 and self.quotes[index].start <= position < self.quotes[index].end

    def sentence(self, position: int) -> tuple[int, int]:
        index = max(sentence_at(self.starts, position), 0)
        return self.sentences[index]

    def antecedent(self, position: int, gender: str) -> str | None:
        """The person a pronoun of ``gender`` at ``position`` stands for (rules in the module docstring)."""
        fits = [m for m in self.people[: bisect.bisect_right(self.person_ends, position)]
                if self.genders.get(m.actor, gender) == gender]
        if not fits:
            return None
        spoken = [(at, actor) for at, actor in self.spoken if at < position
                  and self.genders.get(actor, gender) == gender]
        if not spoken:  # nobody has spoken yet: the last person named
            return fits[-1].actor
        subjects = [(m.end, m.actor) for m in fits if m.start in self.subjects]
        return max(spoken + subjects)[1]

    def pronoun(self, match: re.Match) -> Mention:
        start = match.start()
        if start in self.resolved:
            return self.resolved[start]
        gender = "she" if match.group().lower() in ("she", "her") else "he"
        actor = self.antecedent(start, gender)
        mention = Mention(actor, match.group(), match.group().lower(), start, match.end(), "pronoun")
        self.resolved[start] = mention
        self.pronouns.append(mention)
        if actor is not None:
            self.genders.setdefault(actor, gender)  # "she said" of a person: she stays "she"
        return mention

    def modified_person(self, mention: Mention) -> Mention | None:
        """The person whose post-modifier ``mention`` is ("Lena Berg of the University of Elmwood said"), else None."""
        of = _OF_BEFORE.search(self.text, max(mention.start - 12, 0), mention.start)
        if of is None or of.end() != mention.start:
            return None
        index = bisect.bisect_right(self.person_ends, of.start()) - 1
        person = self.people[index] if index >= 0 else None
        return person if person is not None and person.end == of.start() else None

    def candidates(self, lo: int, hi: int) -> list[Mention]:
        first = bisect.bisect_left(self.mention_starts, lo)
        last = bisect.bisect_left(self.mention_starts, hi)
        found = [m for m in self.mentions[first:last] if m.end <= hi]
        for match in _PRONOUN_SPEAKER.finditer(self.text, lo, hi):
            if match.group().lower() in {"he", "she"}:
                found.append(self.pronoun(match))
        return found

    def nearest(self, lo: int, hi: int) -> Mention | None:
        found = self.candidates(lo, hi)
        return max(found, key=lambda m: (m.end, m.end - m.start)) if found else None

    def at(self, position: int, limit: int) -> Mention | None:
        """A mention or pronoun starting at ``position`` (after white space and an optional "the")."""
        match = re.match(r"\s*(?:the\s+)?", self.text[position:limit])
        starts = {position + len(re.match(r"\s*", self.text[position:limit]).group()), position + match.end()}
        found = [m for start in starts for m in self.by_start.get(start, ()) if m.end <= limit]
        if found:
            return max(found, key=lambda m: m.end - m.start)
        pronoun = _PRONOUN_SPEAKER.match(self.text, min(starts), limit)
        return self.pronoun(pronoun) if pronoun else None


_CLAUSE_VERBS = frozenset(
    {"was", "is", "were", "are", "had", "has", "have", "would", "will", "could", "should", "might", "must", "did",
     "does", "can", "may"}
)


def _quote_end_before(ends: Sequence[int], lo: int, position: int) -> int:
    """The last quotation end in [lo, position] (``ends`` sorted), else ``lo``."""
    index = bisect.bisect_right(ends, position) - 1
    return ends[index] if index >= 0 and ends[index] >= lo else lo


def _speaker_of(ctx: _Context, verb: VerbCue, earlier: list[_Speaker]) -> Mention | None:  # noqa: C901 - one branch per attribution pattern
    text = ctx.text
    s_lo, s_hi = ctx.sentence(verb.start)
    lo = _quote_end_before(ctx.quote_ends, s_lo, verb.start)
    before = text[lo : verb.start]
    previous_speaker = next((e.mention for e in reversed(earlier) if e.mention is not None), None)
    if verb.lemma == "according to":
        found = ctx.at(verb.end, s_hi)
        if found is None:
            stop = re.search(r"[,;]", text[verb.end : s_hi])
            end = verb.end + stop.start() if stop else s_hi
            agent = re.search(r"\b(?:by|from)\s", text[verb.end : end])
            found = ctx.at(verb.end + agent.end(), end) if agent else None
        return found
    form_word = verb.form.split()[0]
    following = _next_word(text, verb.end)
    previous = _previous_word(text, verb.start).lower()
    passive = previous in _BE or (not form_word.endswith("ing") and form_word.endswith(("ed", "told", "said"))
                                  and following in {"as", "by"})
    if passive and not form_word.endswith("ing"):
        window = text[verb.end : s_hi]
        agent = re.match(r"(?:\s+[\w’'-]+){0,3}?\s+by\s", window)
        if agent:
            found = ctx.at(verb.end + agent.end(), s_hi)
            if found is not None:
                return found
        return previous_speaker
    if form_word.endswith("ing"):
        if previous == "as":
            return ctx.nearest(lo, verb.start)
        found = ctx.nearest(lo, verb.start)
        if found is not None and not text[found.end : verb.start].strip():
            return found
        if lo == s_lo and not before.strip():
            comma = text.find(",", verb.end, s_hi)
            if comma >= 0:
                after = ctx.candidates(comma, s_hi)
                return min(after, key=lambda m: (m.start, -m.end)) if after else None
            return None
        if previous_speaker is not None:
            return previous_speaker
        subjects = ctx.candidates(s_lo, verb.start)
        return min(subjects, key=lambda m: (m.start, -m.end)) if subjects else None
    after = ctx.at(verb.end, s_hi)
    if after is not None and _next_word(text, after.end) in _CLAUSE_VERBS:
        after = None  # "X, a spokesperson, said Asia was ...": Asia starts the reported clause
    stripped = before.rstrip()
    if after is not None and (not before.strip() or stripped.endswith((",", "”", "’", '"', "'"))):
        return after
    hi = verb.start
    if stripped.endswith(","):
        inner = stripped[:-1].rfind(",")
        if inner >= 0:
            hi = lo + inner
    found = ctx.nearest(lo, hi)
    if found is None and hi != verb.start:  # "Its president, Marcus Ellery, said"
        found = ctx.nearest(hi, verb.start)
    if found is not None and found.kind != "pronoun":
        found = ctx.modified_person(found) or found
    return found if found is not None else previous_speaker


def _speakers(ctx: _Context, verbs: Sequence[VerbCue]) -> list[_Speaker]:
    out: list[_Speaker] = []
    first = 0  # index of the first verb of the current sentence (verbs are in order)
    for verb in verbs:
        sentence = ctx.sentence(verb.start)
        while first < len(out) and out[first].verb.start < sentence[0]:
            first += 1
        out.append(_Speaker(verb, _speaker_of(ctx, verb, out[first:])))
        mention = out[-1].mention
        if mention is not None and mention.actor and ctx.by_name[mention.actor].type == "person":
            ctx.spoken.append((verb.start, mention.actor))
    return out


def _gaps(lo: int, hi: int, spans: Sequence[QuoteSpan]) -> list[tuple[int, int]]:
    """The parts of [lo, hi) outside ``spans`` (sorted)."""
    out, at = [], lo
    for span in spans:
        if span.end <= lo or span.start >= hi:
            continue
        if span.start > at:
            out.append((at, span.start))
        at = max(at, span.end)
    if at < hi:
        out.append((at, hi))
    return out


def _is_title_case(quoted: str) -> bool:
    words = re.findall(r"[^\W\d_][\w’'-]*", quoted)
    if not words or len(words) > MAX_TERM_WORDS or quoted.rstrip().endswith((".", "!", "?", ",")):
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in _MINOR)


def find_quotations(  # noqa: C901 - the quotation-kind rules of its docstring, in order
    text: str,
    *,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    actors: Sequence[Actor],
    reporting_verbs: dict[str, VerbEntry],
    max_scare_words: int = 4,
    genders: dict[str, str] | None = None,
) -> tuple[list[Quotation], list[tuple[VerbCue, Mention | None]], list[Mention]]:
    """Quotations of ``text`` with their kind and speaker, reporting verbs with theirs, pronoun speakers.

    Rules, in order, for each quotation of :func:`quote_spans` (``single=True``):

    1. introduced as a term (followed by ", a term ...", after "so-called", "dubbed" ...): ``term``;
    2. followed in its sentence by a speaker and a reporting verb (“...,” she said; “...,” said
       the ambassador; “...,” Smith remarked): ``direct`` if it starts its sentence, else ``partial``;
    3. in title case (“Indo-Pacific Strategy”): ``term``;
    4. after an author-voice reporting verb of its sentence: the speaker of the nearest such verb;
       ``scare`` if that speaker is a news outlet (type ``media``, or an unattributed description
       with a head of a media actor, "the outlet") and the quotation is short,
       else ``partial`` (``direct`` if it starts its sentence);
    5. starting a sentence, after an attribution earlier in the same paragraph (a quote or a
       reporting verb with a speaker): ``direct``, speaker carried over, no verb; a paragraph of
       quotation only goes on from the paragraph before, from its last attribution or from a
       person opening a sentence after it ("Whitlock dismissed the remark."), whichever is later;
    6. otherwise ``scare`` when at most ``max_scare_words`` words, else ``unattributed``.

    Parameters
    ----------
    text : str
    sentences : sequence of (start, end)
        Sentence spans of ``text``.
    mentions : sequence of Mention
        From :func:`analysis.analyses.stance.actors.find_mentions`.
    actors : sequence of Actor
    reporting_verbs : dict
        From :func:`load_reporting_verbs`.
    max_scare_words : int
        Longest quotation (in words) that may be read as a scare quote.
    genders : dict, optional
        "he" or "she" of the persons whose gender the text tells
        (:func:`analysis.analyses.stance.discovery.person_genders`), for pronoun speakers.

    Returns
    -------
    quotations, reporting verbs with their speaker mention, pronoun mentions resolved on the way

    Examples
    --------
    >>> from analysis.analyses.stance.actors import find_mentions
    >>> from analysis.resources.actors import Actor
    >>> from analysis.resources.verbs import load_reporting_verbs
    >>> actors = [Actor("Vladimir Putin", "person", ("Vladimir Putin", "Putin"), affiliation="Russia"),
    ...           Actor("Russia", "country", ("Russia",))]
    >>> text = "Putin insisted ties were “transparent.” “We hide nothing,” he said. Its “friends” came."
    >>> spans = [(0, 39), (40, 67), (68, 86)]
    >>> mentions = find_mentions(text, actors, sentences=spans)
    >>> quotes, _, _ = find_quotations(text, sentences=spans, mentions=mentions, actors=actors,
    ...                                reporting_verbs=load_reporting_verbs())
    >>> for q in quotes:
    ...     print(q.text, q.kind, q.speaker, q.verb, q.attribution or "-", sep=" | ")
    transparent. | partial | Vladimir Putin | insisted | before
    We hide nothing, | direct | Vladimir Putin | said | after
    friends | scare | None | None | -
    """
    if max_scare_words < 1:
        raise ValueError(f"max_scare_words must be at least 1, got {max_scare_words}")
    spans = quote_spans(text, single=True)
    ctx = _Context(text, sentences, mentions, actors, spans, genders=genders)
    verbs = find_reporting_verbs(text, reporting_verbs)
    author_verbs = [v for v in verbs if not ctx.quoted(v.start)]
    speakers = _speakers(ctx, author_verbs)
    verb_starts = [f.verb.start for f in speakers]
    paragraphs = [m.start() for m in re.finditer(r"\n\s*\n", text)]
    attributed: list[tuple[int, Mention]] = []  # (position, speaker) of verbs and quotations, in order
    verb_at = 0
    quotations: list[Quotation] = []
    for span in spans:
        s_lo, _ = ctx.sentence(span.start)
        last = ctx.sentence(max(span.end - 1, span.start))
        starts_sentence = not text[s_lo : span.start].strip()
        words = len(span.text.split())
        kind, speaker, verb, how = None, None, None, ""
        if _TERM_AFTER.match(text, span.end) or _TERM_BEFORE.search(text[s_lo : span.start]):
            kind = "term"
        if kind is None:
            for found in speakers[bisect.bisect_left(verb_starts, span.end) :]:
                v = found.verb
                gerund = v.form.split()[0].endswith("ing") and v.lemma != "according to"
                if not span.end <= v.start < last[1] or gerund:
                    continue
                gap = text[span.end : v.start]
                for m in ctx.candidates(span.end, v.start):
                    gap = gap.replace(m.label, " ")
                if re.fullmatch(r"[\s,]*(?:(?:also|then|later|\w+ly),?\s*)*", gap):
                    kind = "direct" if starts_sentence else "partial"
                    speaker, verb, how = found.mention, v.form, "after"
                break
        if kind is None and _is_title_case(span.text):
            kind = "term"
        if kind is None:
            window = speakers[bisect.bisect_left(verb_starts, s_lo) : bisect.bisect_left(verb_starts, span.start)]
            earlier = [f for f in window if f.verb.end <= span.start]
            if earlier:
                found = earlier[-1]
                speaker, verb, how = found.mention, found.verb.form, "before"
                media = speaker is not None and (
                    ctx.by_name[speaker.actor].type == "media" if speaker.actor else speaker.head in ctx.media_heads
                )
                if media and words <= max_scare_words:
                    kind, speaker, verb, how = "scare", None, None, "media"
                else:
                    kind = "direct" if starts_sentence else "partial"
        while verb_at < len(speakers) and speakers[verb_at].verb.start < span.start:
            found = speakers[verb_at]
            if found.mention is not None and found.mention.actor:
                attributed.append((found.verb.start, found.mention))
            verb_at += 1
        if kind is None and starts_sentence:
            p_index = bisect.bisect_left(paragraphs, span.start)
            paragraph_start = paragraphs[p_index - 1] if p_index else 0
            paragraph_end = paragraphs[p_index] if p_index < len(paragraphs) else len(text)
            near = spans[max(bisect.bisect_left(ctx.quote_starts, paragraph_start) - 1, 0) :
                         bisect.bisect_left(ctx.quote_starts, paragraph_end)]
            outside = "".join(text[a:b] for a, b in _gaps(paragraph_start, paragraph_end, near))
            lo = paragraph_start
            if not re.search(r"\w", outside):
                # a paragraph of quotation only: the speaker of the paragraph before may go on
                lo = paragraphs[p_index - 2] if p_index >= 2 else 0  # noqa: PLR2004 - the paragraph before
            # the latest attribution at or after lo (ties: the later-added quotation wins, as max() did)
            best = None
            for position, mention in reversed(attributed):
                if position < lo:
                    break
                if position < span.start and (best is None or position > best[0]):
                    best = (position, mention)
            if best is not None and (best[0] >= paragraph_start or not re.search(r"\w", outside)):
                speaker = best[1]
                kind, how = "direct", "context"
                if not re.search(r"\w", outside):  # a person opening a sentence since then goes on instead
                    since = [m for m in ctx.people if best[0] < m.start < span.start and m.start in ctx.subjects]
                    speaker = since[-1] if since else speaker
        if kind is None:
            kind = "scare" if words <= max_scare_words else "unattributed"
        actor = speaker.actor if speaker is not None else None
        label = speaker.label if speaker is not None and how != "context" else None
        if how == "context" and speaker is not None:
            label = speaker.label or None
        quotations.append(Quotation(span.start, span.end, span.text, kind, actor, label, verb, how))
        if actor:
            attributed.append((span.start, Mention(actor, label or "", "", span.start, span.start, "carried")))
    verb_rows = [(found.verb, found.mention) for found in speakers]
    verb_rows += [(v, None) for v in verbs if ctx.quoted(v.start)]
    verb_rows.sort(key=lambda row: row[0].start)
    return quotations, verb_rows, sorted(ctx.pronouns, key=lambda m: m.start)
