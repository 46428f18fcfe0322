#!/usr/bin/env python
"""Build a synthetic, news-like benchmark corpus as JSONL (one document a line).

Why synthetic: the benchmark and the memory check need a corpus of any size
that can be rebuilt anywhere, and real news text cannot be shipped in the
repository.  The sentences come from templates written for this script; they
mix the things claimledger looks for (reporting verbs, "according to",
quotations, numbers, dates, places, hedges) with plain narration, so the
parser sees realistic sentence shapes.  The output is deterministic for a seed.

    python scripts/make_corpus.py --mb 10 -o big.jsonl
    python scripts/make_corpus.py --docs 200 -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator

PEOPLE = [
    "Maria Okafor", "Daniel Reyes", "Ingrid Halvorsen", "Tomasz Wierzbicki", "Aiko Tanaka",
    "Samuel Mensah", "Leila Haddad", "Pieter van Dam", "Oksana Lysenko", "Rafael Moreira",
    "Grace Whitfield", "Hamid Karimi", "Elena Petrescu", "Jonas Berg", "Fatima Diallo",
]
ROLES = [
    "the defence minister", "a senior military official", "the regional governor", "a government spokesperson",
    "the foreign minister", "an aid worker", "the mayor", "a police spokesman", "the central bank governor",
    "an opposition lawmaker", "a United Nations envoy", "the health minister", "a local resident",
]
BODIES = [
    "the ministry of defence", "the interior ministry", "the national statistics office", "the United Nations",
    "the Red Cross", "state media", "the electoral commission", "the army's general staff",
    "the health ministry", "independent monitors", "the coast guard", "the central bank",
]
PLACES = [
    "Kharkiv", "Mosul", "Goma", "Aleppo", "Khartoum", "Mogadishu", "Bamako", "Kabul", "Tripoli", "Odesa",
    "Port-au-Prince", "Sanaa", "Maiduguri", "Mariupol", "Idlib", "Juba", "Beirut", "Lviv", "Gaza", "Benghazi",
]
COUNTRIES = [
    "Ukraine", "Iraq", "Sudan", "Mali", "Nigeria", "Syria", "Lebanon", "Yemen", "Somalia", "Haiti", "Libya",
]
GROUPS = [
    "rebel fighters", "government troops", "armed men", "protesters", "militants", "security forces",
    "police officers", "insurgents", "border guards", "demonstrators",
]
ACTIONS = [
    "attacked a checkpoint near", "shelled residential areas of", "seized a bridge outside", "clashed with police in",
    "marched through the centre of", "launched drones at", "withdrew from positions around",
    "blocked the main road into", "stormed a government building in", "set up barricades in",
]
OBJECTS = [
    "civilians", "soldiers", "people", "children", "families", "workers", "students", "refugees",
]
OUTCOMES = [
    "were killed", "were injured", "were displaced", "were detained", "were evacuated", "were reported missing",
]
SAY = ["said", "told reporters", "announced", "claimed", "stated", "warned", "insisted", "confirmed", "added"]
HEDGE = ["may have", "probably", "appeared to have", "was believed to have", "reportedly"]
TOPICS = [
    "the ceasefire would hold", "talks would resume next week", "the attack had been planned for months",
    "prices would continue to rise", "the government had lost control of the area",
    "more troops would be deployed", "the election had been free and fair", "aid deliveries had been blocked",
    "the figures were exaggerated", "the situation was under control",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _n(rng: random.Random) -> str:
    value = rng.choice([rng.randint(2, 40), rng.randint(40, 900), rng.randint(1000, 50000)])
    return f"{value:,}" if value >= 1000 else str(value)


def _speaker(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return rng.choice(PEOPLE)
    if kind < 0.7:
        return f"{rng.choice(PEOPLE)}, {rng.choice(ROLES)},"
    return rng.choice(ROLES).capitalize()


SYLLABLES = ["ka", "lo", "vre", "min", "dus", "tza", "or", "pe", "quil", "ska", "nov", "bar", "e", "zhi", "ul"]


def _made_up(rng: random.Random) -> str:
    """A capitalised word that is almost surely new: real news keeps bringing unseen names."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()


def _sentence(rng: random.Random, novel: float = 0.0) -> str:
    """One sentence from a randomly chosen template; with probability ``novel``, one with new names."""
    if novel and rng.random() < novel:
        return (f"{_made_up(rng)} {_made_up(rng)}, who lives in {_made_up(rng)}, {rng.choice(SAY[:4])} "
                f"that {rng.choice(TOPICS)}.")
    place, country, group = rng.choice(PLACES), rng.choice(COUNTRIES), rng.choice(GROUPS)
    day, month = rng.choice(DAYS), rng.choice(MONTHS)
    templates = [
        lambda: f"{_speaker(rng)} {rng.choice(SAY)} that {rng.choice(TOPICS)}.",
        lambda: f"According to {rng.choice(BODIES)}, at least {_n(rng)} {rng.choice(OBJECTS)} "
                f"{rng.choice(OUTCOMES)} in {place} on {day}.",
        lambda: f"{group.capitalize()} {rng.choice(ACTIONS)} {place} early on {day}, witnesses said.",
        lambda: f"\u201cWe will not accept this,\u201d {rng.choice(PEOPLE + ROLES)} {rng.choice(SAY[:4])}.",
        lambda: f"The attack {rng.choice(HEDGE)} killed as many as {_n(rng)} {rng.choice(OBJECTS)}, "
                f"officials in {country} said.",
        lambda: f"On {month} {rng.randint(1, 28)}, {group} {rng.choice(ACTIONS)} {place}.",
        lambda: f"{rng.choice(BODIES).capitalize()} estimated that {_n(rng)} {rng.choice(OBJECTS)} had fled "
                f"the fighting since {month}.",
        lambda: f"The claim could not be independently verified, and {rng.choice(BODIES)} did not respond "
                f"to a request for comment.",
        lambda: f"Residents of {place} described long queues for bread and fuel, and several shops "
                f"remained closed.",
        lambda: f"{_speaker(rng)} denied that {group} had {rng.choice(ACTIONS).split(' ', 1)[0]} {place}.",
        lambda: f"Last year, {country} spent about ${rng.randint(2, 90)} billion on defence, "
                f"roughly {rng.randint(2, 9)} percent of its economic output.",
        lambda: f"In a statement posted online, {rng.choice(BODIES)} accused {group} of violating "
                f"the agreement signed in {month}.",
    ]
    return rng.choice(templates)()


def _document(rng: random.Random, index: int, novel: float = 0.0) -> dict:
    paragraphs = []
    for _ in range(rng.randint(4, 12)):
        paragraphs.append(" ".join(_sentence(rng, novel) for _ in range(rng.randint(1, 4))))
    place = rng.choice(PLACES)
    month = rng.randint(1, 12)
    return {
        "id": f"synthetic-{index:07d}",
        "title": f"Fighting and claims around {place}",
        "published": f"2024-{month:02d}-{rng.randint(1, 28):02d}",
        "text": "\n".join(paragraphs),
    }


def generate(*, seed: int = 7, docs: int | None = None, max_bytes: int | None = None,
             novel: float = 0.0) -> Iterator[dict]:
    """Documents until ``docs`` are made or the JSONL would exceed ``max_bytes``.

    ``novel`` is the share of sentences that introduce made-up names, to make the
    vocabulary keep growing with the corpus as real news does (the memory check needs it).
    """
    rng = random.Random(seed)
    size = index = 0
    while True:
        if docs is not None and index >= docs:
            return
        doc = _document(rng, index, novel)
        size += len(json.dumps(doc, ensure_ascii=False).encode("utf-8")) + 1
        if max_bytes is not None and size > max_bytes:
            return
        index += 1
        yield doc


def write_jsonl(path: str, **kwargs) -> int:
    """Write a corpus file; returns the number of documents."""
    count = 0
    out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8")  # noqa: SIM115
    try:
        for doc in generate(**kwargs):
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if out is not sys.stdout:
            out.close()
    return count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--mb", type=float, help="stop before the file exceeds this many megabytes")
    size.add_argument("--docs", type=int, help="number of documents (default 200)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--novel", type=float, default=0.0,
                    help="share of sentences with made-up names (vocabulary growth), 0-1")
    ap.add_argument("-o", "--output", default="-", help="JSONL file (default stdout)")
    args = ap.parse_args(argv)
    max_bytes = int(args.mb * 1_000_000) if args.mb else None
    docs = args.docs if args.docs or max_bytes else 200
    n = write_jsonl(args.output, seed=args.seed, docs=docs, max_bytes=max_bytes, novel=args.novel)
    print(f"wrote {n} documents to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
