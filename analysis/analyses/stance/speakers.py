"""Actors, mentions and speakers of one article, with discovery, and quotations of documents.

:func:`article_stance` is the per-article step of the stance tables: it discovers the article's
actors (:func:`analysis.analyses.stance.discovery.discover_actors`) on top of the known ones (the
event's ``actors.yaml`` or the packaged list), finds their mentions, gives ambiguous surnames to
the last person named with them, finds quotations and their speakers
(:func:`analysis.analyses.stance.quotes.find_quotations`; pronoun speakers by the persons'
genders, :func:`analysis.analyses.stance.discovery.person_genders`), and types quotations of documents
(:func:`mark_documents`). It is pure and works on one article at a time, so it maps over
partitions.

A quotation is a ``document`` quotation when the text quoted is a text, not a person speaking:

* its speaker is a document actor ("the Strategic Concept describes ...") or a document noun
  phrase is the subject of the reporting verb ("The GAO report said", "the mailer says",
  "Labour's 2024 manifesto said");
* it is attributed "according to a report ...", or its sentence says where it is written: "in a
  letter to lawmakers", "in its Economic and Fiscal Outlook" (but "in a statement" and "in a
  post" keep the speaker speaking), or "released a statement calling ...";
* its sentence names a document before it and no person speaks it.

Its ``speaker`` is then the document (a named document, else the noun phrase as written, e.g.
"GAO report") and its ``author`` the actor that issued it: a possessive or modifier naming an
actor ("the GAO report", "Labour's manifesto"), an agent ("by the Government Accountability
Office"), or the speaker found for the verb ("The OBR said in its Outlook").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from analysis.analyses.stance.actors import Mention, actor_index, find_mentions
from analysis.analyses.stance.discovery import discover_actors, event_actors, person_genders, resolve_ambiguous
from analysis.analyses.stance.quotes import Quotation, find_quotations
from analysis.resources.actors import Actor
from analysis.resources.names import NameLists, load_name_lists
from analysis.resources.stance import StanceResources

__all__ = ["ArticleStance", "article_stance", "discover_event_actors", "mark_documents"]

_IT_REACH = 600  # characters after a document quotation within which "It said" is that document
_SPEECH_CONTAINERS = frozenset({"statement", "post", "tweet", "interview", "speech", "video", "briefing"})


class ArticleStance(NamedTuple):
    """What :func:`article_stance` finds in one article."""

    actors: list[Actor]
    mentions: list[Mention]
    quotations: list[Quotation]
    verbs: list
    pronouns: list[Mention]
    authors: dict[int, str | None]


def _document_nouns(lists: NameLists) -> str:
    return _document_alternation(lists.document_words)


@functools.lru_cache(maxsize=8)
def _document_alternation(words: frozenset[str]) -> str:
    nouns = sorted({w.lower() for w in words if " " not in w}, key=lambda w: (-len(w), w))
    return "|".join(map(re.escape, nouns))


@functools.lru_cache(maxsize=8)
def _document_patterns(nouns: str) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern, str]:
    """The patterns of :func:`mark_documents` for the document nouns ``nouns`` ("a|b|..."), compiled once."""
    owners = r"(?:[Tt]he|[Tt]his|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Aa]|[Aa]n)"
    phrase = rf"(?:{owners}\s+|\b(?=[A-Z]))(?:[\w.’'-]+\s+){{0,4}}?(?:{nouns})\b"
    subject = re.compile(rf"({phrase})(?:\s+(?:released|published|issued|seen)\b[^,;“\"]{{0,60}})?"
                         r"\s*(?:,[^,]{0,60},\s*)?(?:\w+ly\s+)?"
                         r"(?:said|says|states|stated|reads|read|warned|warns|describes|described|calls|called|"
                         r"noted|notes|found|finds|added|adds|argued|argues|concluded|concludes)\b")
    according = re.compile(rf"(?:according to|[Uu]nder)\s+({phrase})")
    inside = re.compile(rf"\bin\s+((?:{owners})\s+(?:[\w.’'-]+\s+){{0,4}}?(?:{nouns})"
                        r"|(?:its|their|his|her)\s+[A-Z][^,;“\"]{2,60}?)\b")
    described = re.compile(rf"{owners}?\s*(?:[\w.’'-]+\s+){{0,5}}(?:{nouns})\s+(?:describes|described|calls|called)\b"
                           r"[^“\"]*$")
    released = re.compile(rf"\b(?:released|issued|published|put out)\s+({owners}\s+(?:[\w-]+\s+){{0,2}}?(?:{nouns}))\b")
    return subject, according, inside, described, released, owners


def mark_documents(  # noqa: C901 - one branch per document rule
    text: str,
    quotations: Sequence[Quotation],
    *,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[Mention],
    actors: Sequence[Actor],
    lists: NameLists | None = None,
) -> tuple[list[Quotation], dict[int, str | None]]:
    """Quotations with those of documents re-typed ``document`` (rules in the module docstring).

    Returns the quotations and, for each document quotation (by its ``start``), its author.

    Examples
    --------
    >>> text = 'The GAO report said stocks were "out of date in 11 of the 14 centers."'
    >>> gao = Actor("GAO", "organisation", ("GAO",))
    >>> q = Quotation(32, 70, "out of date in 11 of the 14 centers.", "partial", "GAO", "GAO", "said", "before")
    >>> mentions = find_mentions(text, [gao])
    >>> quotes, authors = mark_documents(text, [q], sentences=[(0, len(text))], mentions=mentions, actors=[gao])
    >>> quotes[0].kind, quotes[0].speaker, quotes[0].speaker_label, authors
    ('document', 'GAO report', 'The GAO report', {32: 'GAO'})
    """
    lists = load_name_lists() if lists is None else lists
    by_name = actor_index(actors)
    nouns = _document_nouns(lists)
    subject, according, inside, described, released, owners = _document_patterns(nouns)
    starts = [s for s, _ in sentences]
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end, m.head))
    mention_starts = [m.start for m in mentions]
    documents = [m for m in mentions if m.actor and by_name.get(m.actor) and by_name[m.actor].type == "document"]
    document_starts = [m.start for m in documents]
    out: list[Quotation] = []
    authors: dict[int, str | None] = {}
    last_document: tuple[int, str, str, str | None] | None = None
    for q in quotations:
        if q.kind == "term" and not described.search(text[max(q.start - 200, 0) : q.start]):
            out.append(q)
            continue
        index = max(bisect.bisect_right(starts, q.start) - 1, 0)
        s_lo = sentences[index][0] if sentences else 0
        s_hi = sentences[index][1] if sentences else len(text)
        end_index = max(bisect.bisect_left(starts, q.end) - 1, 0)
        if sentences:
            s_hi = max(s_hi, sentences[end_index][1])
        before = text[s_lo : q.start]
        after = text[q.end : s_hi]
        speaker = by_name.get(q.speaker) if q.speaker else None
        found: tuple[str, int, int] | None = None  # (label, start, end) of the document
        if speaker is not None and speaker.type == "document":
            found = (q.speaker_label or q.speaker, -1, -1)
        person = speaker is not None and speaker.type == "person"
        checks = [(subject, before, s_lo), (according, before, s_lo), (released, before, s_lo),
                  (subject, after, q.end), (according, after, q.end)]
        if not person:
            checks += [(inside, before, s_lo), (inside, after, q.end)]
        for pattern, where, offset in checks:
            if found is not None:
                break
            for match in pattern.finditer(where):
                label = match.group(1).strip()
                noun = label.split()[-1].lower()
                if pattern is inside and (noun in _SPEECH_CONTAINERS or (not label.split()[-1][:1].isupper()
                                                                         and noun not in nouns.split("|"))):
                    continue
                if pattern is subject and person and where is after:
                    continue
                found = (label, offset + match.start(1), offset + match.end(1))
        if found is None and not person:
            named = documents[bisect.bisect_left(document_starts, s_lo) : bisect.bisect_left(document_starts, q.start)]
            if named:
                m = named[-1]
                found = (m.label, m.start, m.end)
        if found is None and not person and last_document is not None and re.search(
            r"\b(?:It|it)\s+(?:also\s+)?(?:said|says|added|adds|noted|notes|warned|warns|states|stated)\b",
            before + after
        ) and q.start - last_document[0] < _IT_REACH:  # "It added that ..." after a document quotation
            found = (last_document[1], -1, -1)
            speaker = None
            q = q._replace(speaker=last_document[2])
        if found is None:
            out.append(q)
            continue
        label, a, b = found
        document = next((m.actor for m in documents[bisect.bisect_left(document_starts, a) :
                                                     bisect.bisect_left(document_starts, b)] if m.end <= b),
                        None) if a >= 0 else q.speaker
        name = document or re.sub(rf"^{owners}\s+", "", label)
        name = re.sub(r"^[A-Z][\w.’'-]*['’]s\s+", "", name) if document is None else name
        author = None
        inner = [m for m in mentions[bisect.bisect_left(mention_starts, a) : bisect.bisect_left(mention_starts, b)]
                 if m.actor and m.actor != document] if a >= 0 else []
        if inner:
            author = inner[0].actor
        else:
            agent = re.search(r"\bby\s+(?:the\s+)?", text[b : min(b + 80, s_hi)]) if b >= 0 else None
            if agent:
                lo_at = b + agent.end()
                hits = [m for m in mentions[bisect.bisect_left(mention_starts, lo_at) :
                                            bisect.bisect_right(mention_starts, lo_at + 2)] if m.actor]
                author = hits[0].actor if hits else None
        if author is None and speaker is not None and speaker.type != "document":
            author = speaker.name
        if author is None and a >= 0 and re.match(r"(?:[Ii]ts|[Tt]heir)\b", label):
            window = mentions[bisect.bisect_left(mention_starts, s_lo) : bisect.bisect_left(mention_starts, a)]
            earlier = [m for m in window if m.end <= a and m.actor and by_name.get(m.actor)
                       and by_name[m.actor].type in ("organisation", "country", "person", "group")]
            author = earlier[-1].actor if earlier else None
        if author is None and document in by_name:
            author = by_name[document].affiliation
        authors[q.start] = author if author is not None else (last_document[3] if last_document and a < 0 and
                                                               speaker is None else None)
        out.append(q._replace(kind="document", speaker=name, speaker_label=label))
        last_document = (q.end, label, name, authors[q.start])
    return out, authors


def article_stance(
    text: str,
    *,
    sentences: Sequence[tuple[int, int]],
    known: Sequence[Actor],
    reporting_verbs: dict,
    lists: NameLists | None = None,
    discover: bool = True,
    max_scare_words: int = 4,
    outlets: Sequence[str] = (),
) -> ArticleStance:
    """Actors (known and discovered), mentions, quotations with speakers, verbs and pronouns of one article.

    Parameters
    ----------
    text : str
        A cleaned article body.
    sentences : sequence of (start, end)
    known : sequence of Actor
        The event's actors file, or the packaged list: they win over discovered names.
    reporting_verbs : dict
        Reporting verbs (:func:`analysis.analyses.stance.quotes.load_reporting_verbs`).
    lists : NameLists, optional
        Discovery word lists (default: the packaged ``names.yaml``).
    discover : bool
        Discover actors from the text and type quotations of documents (else only ``known``
        actors are found and no quotation is a ``document``: the behaviour before discovery).
    max_scare_words : int
        As in :func:`analysis.analyses.stance.quotes.find_quotations`.
    outlets : sequence of str
        The article's outlet (``articles.outlet``; more outlets may be given): discovery types
        them ``media``, so "The Sentinel understands" or "seen by Health Policy Review" is the
        outlet, not a document or a person.

    Examples
    --------
    >>> from analysis.resources.verbs import load_reporting_verbs
    >>> text = '"We will win," Sen. Ruth Okafor said. "It is over." Okafor left.'
    >>> found = article_stance(text, sentences=[(0, 37), (38, 51), (52, 65)], known=[],
    ...                        reporting_verbs=load_reporting_verbs())
    >>> [(q.text, q.kind, q.speaker) for q in found.quotations]
    [('We will win,', 'direct', 'Ruth Okafor'), ('It is over.', 'direct', 'Ruth Okafor')]
    """
    lists = load_name_lists() if lists is None else lists
    ambiguous: dict[str, tuple[str, ...]] = {}
    actors = list(known)
    if discover:
        found, ambiguous = discover_actors(text, sentences=sentences, known=known, lists=lists, outlets=outlets)
        names = {a.name for a in actors}
        aliases = {alias for a in actors for alias in a.aliases}
        for actor in found:
            if actor.name in names:
                continue
            kept = tuple(a for a in actor.aliases if a not in aliases)
            if kept:
                actors.append(Actor(actor.name, actor.type, kept, affiliation=actor.affiliation, role=actor.role,
                                    heads=actor.heads, evidence=actor.evidence))
                aliases.update(kept)
        for surface in sorted(ambiguous):
            if surface not in aliases and surface not in names:
                actors.append(Actor(surface, "person", (surface,), evidence=("ambiguous surname",)))
    mentions = find_mentions(text, actors, sentences=sentences)
    if ambiguous:
        mentions = resolve_ambiguous(mentions, ambiguous, roles={a.name: a.role for a in actors if a.role})
        placeholders = set(ambiguous)
        actors = [a for a in actors if not (a.name in placeholders and a.evidence == ("ambiguous surname",))]
    quotations, verbs, pronouns = find_quotations(
        text, sentences=sentences, mentions=mentions, actors=actors, reporting_verbs=reporting_verbs,
        max_scare_words=max_scare_words, genders=person_genders(actors, mentions, lists=lists),
    )
    authors: dict[int, str | None] = {}
    if discover:
        quotations, authors = mark_documents(text, quotations, sentences=sentences, mentions=mentions,
                                             actors=actors, lists=lists)
    return ArticleStance(actors, mentions, quotations, verbs, pronouns, authors)


def discover_event_actors(
    articles: pd.DataFrame, sentences: pd.DataFrame, *, resources: StanceResources
) -> pd.DataFrame:
    """The ``actors`` table of an event, discovery on (whatever the actors file says), without sentiment.

    ``resources`` (:func:`analysis.resources.stance.load_stance_resources` of the event folder):
    its actors (the event's ``actors.yaml``, else the packaged list) are known and listed with the
    evidence "actors list"; its reporting verbs and name lists are used.
    """
    known = list(resources.actors)
    known_names = {a.name for a in known}
    reporting_verbs = resources.reporting_verbs
    lists = resources.name_lists
    grouped = {aid: frame for aid, frame in sentences.groupby("article_id", sort=True)}
    rows, mention_rows = [], []
    for article in articles.sort_values("article_id", kind="stable").itertuples(index=False):
        frame = grouped.get(article.article_id, sentences.iloc[0:0]).sort_values("sentence_id", kind="stable")
        spans = list(zip(frame["start"].astype(int), frame["end"].astype(int), strict=True))
        found = article_stance(article.text, sentences=spans, known=known, reporting_verbs=reporting_verbs, lists=lists,
                               outlets=[article.outlet] if isinstance(article.outlet, str) else [])
        named = {m.actor for m in found.mentions if m.actor}
        for m in found.mentions:
            mention_rows.append({"article_id": article.article_id, "actor": m.actor, "kind": m.kind})
        for actor in found.actors:
            if actor.name in named:
                rows.append({
                    "article_id": article.article_id, "name": actor.name, "type": actor.type, "role": actor.role,
                    "affiliation": actor.affiliation, "variants": [a for a in actor.aliases if a != actor.name],
                    "evidence": ["actors list"] if actor.name in known_names else list(actor.evidence),
                })
    columns = ["article_id", "name", "type", "role", "affiliation", "variants", "evidence"]
    return event_actors(pd.DataFrame(rows, columns=columns),
                        pd.DataFrame(mention_rows, columns=["article_id", "actor", "kind"]))
