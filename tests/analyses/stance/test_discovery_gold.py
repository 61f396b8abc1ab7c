"""Actor discovery and speakers scored on the hand-annotated gold set (tests/data/discovery_gold.yaml).

Figures (issue 12): actors named at least twice in a text discovered with their variants merged;
speech quotations whose speaker is named: right speaker; document quotations typed ``document``.
No actors file is used: only the packaged background list (``analysis/data/actors.yaml``).

Scoring rules:

* an annotated actor is *found* when every occurrence of its name and variants in the text (whole
  words, case-sensitive, the longest annotated name winning where two overlap, as the gold set
  counts them) lies in a name mention of one and the same actor, and no other annotated person
  of the text resolves to that actor (two people sharing a surname must stay apart);
* a quotation is matched by its first words (the gold ``quote`` is a prefix of, or equal to, the
  quotation found); its speaker is right when it is the actor the gold speaker's occurrences
  resolve to (or, when those are not all resolved, an actor with the gold speaker's name).

Run ``python tests/analyses/stance/test_discovery_gold.py`` to print the figures and every miss.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from analysis.analyses.stance.speakers import article_stance
from analysis.resources.actors import load_actors
from analysis.resources.verbs import load_reporting_verbs
from analysis.text.sentences import split_sentences

GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "discovery_gold.yaml"


def _occurrences(text: str, forms: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, gold actor) of every form, longest first, overlapping shorter ones dropped."""
    found: list[tuple[int, int, str]] = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
            a, b = match.span()
            if any(a < e and s < b for s, e, _ in found):
                continue
            found.append((a, b, forms[form]))
    return sorted(found)


def score_gold(path: Path = GOLD) -> dict:
    """Scores and misses of discovery and speakers on the gold set."""
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = load_actors()
    reporting_verbs = load_reporting_verbs()
    actors_total = actors_found = 0
    speakers_total = speakers_right = 0
    documents_total = documents_typed = 0
    misses: list[str] = []
    for item in gold["texts"]:
        text = item["text"]
        sentences = [(s["start"], s["end"]) for s in split_sentences(text)]
        result = article_stance(text, sentences=sentences, known=known, reporting_verbs=reporting_verbs)
        names = [m for m in result.mentions if m.kind == "name"]
        forms = {}
        for actor in item["actors"]:
            for form in [actor["name"], *actor.get("variants", [])]:
                forms.setdefault(form, actor["name"])
        resolved: dict[str, set] = {}
        for a, b, gold_name in _occurrences(text, forms):
            # the alias a mention was found by is its last len(head) characters
            hits = sorted(
                (min(b, m.end) - max(a, m.end - len(m.head)), m.actor) for m in names
                if m.end - len(m.head) < b and a < m.end
            )
            resolved.setdefault(gold_name, set()).add(hits[-1][1] if hits else None)
        person_of = Counter(
            next(iter(v)) for k, v in resolved.items() if len(v) == 1 and None not in v
            and next(a for a in item["actors"] if a["name"] == k)["type"] == "person"
        )
        mapping = {}
        for actor in item["actors"]:
            got = resolved.get(actor["name"], {None})
            ok = len(got) == 1 and None not in got
            if ok:
                mapping[actor["name"]] = next(iter(got))
            if actor["mentions"] < 2:
                continue
            actors_total += 1
            if ok and actor["type"] == "person" and person_of[mapping[actor["name"]]] > 1:
                ok = False
            if ok:
                actors_found += 1
            else:
                misses.append(f"actor  {item['id']}: {actor['name']} -> {sorted(map(str, got))}")
        for quote in item["quotations"]:
            ours = [q for q in result.quotations if q.text.strip().startswith(quote["quote"].strip())
                    or (quote["quote"].strip().startswith(q.text.strip()) and q.text.strip())]
            q = ours[0] if ours else None
            if quote["kind"] == "document":
                documents_total += 1
                if q is not None and q.kind == "document":
                    documents_typed += 1
                else:
                    misses.append(f"doc    {item['id']}: {quote['quote']!r} -> {q.kind if q else 'not found'}")
            elif quote["kind"] == "speech" and quote["speaker"]:
                speakers_total += 1
                want = mapping.get(quote["speaker"], quote["speaker"])
                if q is not None and q.speaker == want:
                    speakers_right += 1
                else:
                    misses.append(f"speak  {item['id']}: {quote['quote']!r} want {want} got "
                                  f"{(q.speaker, q.kind, q.speaker_label) if q else 'not found'}")
    return {
        "actors": (actors_found, actors_total),
        "speakers": (speakers_right, speakers_total),
        "documents": (documents_typed, documents_total),
        "misses": misses,
    }


def test_gold_targets():
    scores = score_gold()
    found, total = scores["actors"]
    assert total == 99
    assert found / total >= 0.90, scores["misses"]
    right, total = scores["speakers"]
    assert right / total >= 0.85, scores["misses"]
    typed, total = scores["documents"]
    assert total == 24
    assert typed / total >= 0.80, scores["misses"]


if __name__ == "__main__":
    result = score_gold()
    for miss in result["misses"]:
        print(miss)
    for key in ("actors", "speakers", "documents"):
        a, b = result[key]
        print(f"{key}: {a}/{b} = {a / b:.1%}")
