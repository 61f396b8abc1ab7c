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
"said he", "according to him") is the last person named before it outside quotations, the news
convention for attributions; a description ("the Ambassador said") is resolved as in
:func:`analysis.analyses.stance.actors.find_mentions` or left without an actor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from analysis.analyses.stance.actors import Actor, Mention, actor_index
from analysis.resources.verbs import (
    REPORTING_CATEGORIES,
    VerbEntry,
    inflect,
    load_reporting_verbs,
    validate_reporting_verbs,
)
from analysis.text.quotation import QuoteSpan, in_spans, quote_spans, single_quote_spans
from analysis.text.sentences import sentence_at

__all__ = [
    "QUOTE_KINDS",
    "REPORTING_CATEGORIES",
    "Quotation",
    "QuoteSpan",
    "VerbCue",
    "find_quotations",
    "find_reporting_verbs",
    "in_spans",
    "inflect",
    "load_reporting_verbs",
    "quote_spans",
    "single_quote_spans",
    "validate_reporting_verbs",
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


def _previous_word(text: str, position: int, *, skip_adverbs: bool = True) -> str:
    """The word before ``position`` (skipping -ly adverbs and "also"), '' after punctuation."""
    pos = position
    while True:
        chunk = text[max(pos - 60, 0) : pos]
        match = re.search(r"([\w’'.-]+)\s*$", chunk)
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
    match = re.match(r"\s*([\w’'-]+)", text[position : position + 40])
    return match.group(1).lower() if match else ""


def find_reporting_verbs(text: str, lexicon: dict[str, VerbEntry]) -> list[VerbCue]:
    """Reporting verbs of ``text`` (see the module docstring for what is left out).

    Examples
    --------
    >>> lexicon = validate_reporting_verbs({"source": "x", "categories": {
    ...     "neutral": {"source": "x", "verbs": ["report", "add", {"verb": "continue", "not_followed_by": ["to"]}]},
    ...     "sceptical": {"source": "x", "verbs": ["claim"]}}})
    >>> text = ("Nikkei reported it. A May 3 report added: NATO's claim that it grows has been added: "
    ...         "he claims. Japan continues to grow, Putin continued.")
    >>> [(c.form, c.category) for c in find_reporting_verbs(text, lexicon)]
    [('reported', 'neutral'), ('added', 'neutral'), ('claims', 'sceptical'), ('continued', 'neutral')]
    """
    if not lexicon:
        return []
    forms = sorted(lexicon, key=lambda f: (-len(f), f))
    body = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
    out = []
    for match in pattern.finditer(text):
        form = " ".join(match.group().lower().split())
        entry = lexicon[form]
        if match.group()[:1].isupper() and re.search(r"\w\s*$", text[max(match.start() - 3, 0) : match.start()]):
            continue  # part of a name: "the United States"
        following = _next_word(text, match.end())
        if following in entry.not_followed_by:
            continue
        previous = _previous_word(text, match.start())
        if form in entry.present:
            low = previous.lower()
            subject = low in _PRONOUNS or (
                previous[:1].isupper() and low not in _NOT_SUBJECT and not re.search(r"['’]s$", previous)
            )
            if not subject:
                continue
        if previous.lower() in _BE and following not in {"that", "by", "as"}:
            continue
        out.append(VerbCue(match.start(), match.end(), form, entry.lemma, entry.category))
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


class _Context:
    """What speaker finding needs about one article (internal)."""

    def __init__(self, text, sentences, mentions, actors, quotes):
        self.text = text
        self.sentences = list(sentences)
        self.starts = [s for s, _ in self.sentences]
        self.by_name = actor_index(actors)
        self.quotes = quotes
        self.mentions = [m for m in mentions if not in_spans(m.start, quotes)]
        self.pronouns: list[Mention] = []
        self.media_heads = {h for a in actors if a.type == "media" for h in a.heads}

    def sentence(self, position: int) -> tuple[int, int]:
        index = max(sentence_at(self.starts, position), 0)
        return self.sentences[index]

    def last_person(self, position: int) -> Mention | None:
        people = [
            m for m in self.mentions
            if m.end <= position and m.actor and self.by_name[m.actor].type == "person"
        ]
        return max(people, key=lambda m: (m.end, m.end - m.start)) if people else None

    def pronoun(self, match: re.Match) -> Mention:
        person = self.last_person(match.start())
        mention = Mention(person.actor if person else None, match.group(), match.group().lower(),
                          match.start(), match.end(), "pronoun")
        if mention not in self.pronouns:
            self.pronouns.append(mention)
        return mention

    def candidates(self, lo: int, hi: int) -> list[Mention]:
        found = [m for m in self.mentions if lo <= m.start and m.end <= hi]
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
        found = [m for m in self.mentions if m.start in starts and m.end <= limit]
        if found:
            return max(found, key=lambda m: m.end - m.start)
        pronoun = _PRONOUN_SPEAKER.match(self.text, min(starts), limit)
        return self.pronoun(pronoun) if pronoun else None


def _quote_end_before(quotes: Sequence[QuoteSpan], lo: int, position: int) -> int:
    ends = [q.end for q in quotes if lo <= q.end <= position]
    return max(ends) if ends else lo


def _speaker_of(ctx: _Context, verb: VerbCue, earlier: list[_Speaker]) -> Mention | None:
    text = ctx.text
    s_lo, s_hi = ctx.sentence(verb.start)
    lo = _quote_end_before(ctx.quotes, s_lo, verb.start)
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
    stripped = before.rstrip()
    if after is not None and (not before.strip() or stripped.endswith((",", "”", "’", '"', "'"))):
        return after
    hi = verb.start
    if stripped.endswith(","):
        inner = stripped[:-1].rfind(",")
        if inner >= 0:
            hi = lo + inner
    found = ctx.nearest(lo, hi)
    return found if found is not None else previous_speaker


def _speakers(ctx: _Context, verbs: Sequence[VerbCue]) -> list[_Speaker]:
    out: list[_Speaker] = []
    for verb in verbs:
        sentence = ctx.sentence(verb.start)
        earlier = [e for e in out if e.verb.start >= sentence[0]]
        out.append(_Speaker(verb, _speaker_of(ctx, verb, earlier)))
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
    lexicon: dict[str, VerbEntry],
    max_scare_words: int = 4,
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
       reporting verb with a speaker): ``direct``, speaker carried over, no verb;
    6. otherwise ``scare`` when at most ``max_scare_words`` words, else ``unattributed``.

    Parameters
    ----------
    text : str
    sentences : sequence of (start, end)
        Sentence spans of ``text``.
    mentions : sequence of Mention
        From :func:`analysis.analyses.stance.actors.find_mentions`.
    actors : sequence of Actor
    lexicon : dict
        From :func:`load_reporting_verbs`.
    max_scare_words : int
        Longest quotation (in words) that may be read as a scare quote.

    Returns
    -------
    quotations, reporting verbs with their speaker mention, pronoun mentions resolved on the way

    Examples
    --------
    >>> from analysis.analyses.stance.actors import Actor, find_mentions
    >>> actors = [Actor("Vladimir Putin", "person", ("Vladimir Putin", "Putin"), affiliation="Russia"),
    ...           Actor("Russia", "country", ("Russia",))]
    >>> text = "Putin insisted ties were “transparent.” “We hide nothing,” he said. Its “friends” came."
    >>> spans = [(0, 39), (40, 67), (68, 86)]
    >>> mentions = find_mentions(text, actors, sentences=spans)
    >>> quotes, _, _ = find_quotations(text, sentences=spans, mentions=mentions, actors=actors,
    ...                                lexicon=load_reporting_verbs())
    >>> for q in quotes:
    ...     print(q.text, q.kind, q.speaker, q.verb, q.attribution or "-", sep=" | ")
    transparent. | partial | Vladimir Putin | insisted | before
    We hide nothing, | direct | Vladimir Putin | said | after
    friends | scare | None | None | -
    """
    if max_scare_words < 1:
        raise ValueError(f"max_scare_words must be at least 1, got {max_scare_words}")
    spans = quote_spans(text, single=True)
    ctx = _Context(text, sentences, mentions, actors, spans)
    verbs = find_reporting_verbs(text, lexicon)
    author_verbs = [v for v in verbs if not in_spans(v.start, spans)]
    speakers = _speakers(ctx, author_verbs)
    paragraphs = [m.start() for m in re.finditer(r"\n\s*\n", text)]
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
            for found in speakers:
                v = found.verb
                if not span.end <= v.start < last[1] or v.form.split()[0].endswith("ing"):
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
            earlier = [f for f in speakers if s_lo <= f.verb.start and f.verb.end <= span.start]
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
        if kind is None and starts_sentence:
            paragraph_start = max([p for p in paragraphs if p < span.start], default=0)
            previous = [(f.verb.start, f.mention) for f in speakers if f.mention is not None and f.mention.actor]
            previous += [(q.start, Mention(q.speaker, q.speaker_label or "", "", q.start, q.start, "carried"))
                         for q in quotations if q.speaker]
            previous = [p for p in previous if paragraph_start <= p[0] < span.start]
            if previous:
                speaker = max(previous, key=lambda p: p[0])[1]
                kind, how = "direct", "context"
        if kind is None:
            kind = "scare" if words <= max_scare_words else "unattributed"
        actor = speaker.actor if speaker is not None else None
        label = speaker.label if speaker is not None and how != "context" else None
        if how == "context" and speaker is not None:
            label = speaker.label or None
        quotations.append(Quotation(span.start, span.end, span.text, kind, actor, label, verb, how))
    verb_rows = [(found.verb, found.mention) for found in speakers]
    verb_rows += [(v, None) for v in verbs if in_spans(v.start, spans)]
    verb_rows.sort(key=lambda row: row[0].start)
    return quotations, verb_rows, sorted(ctx.pronouns, key=lambda m: m.start)
