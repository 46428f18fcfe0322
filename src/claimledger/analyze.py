"""The library entry point: documents in, contract dictionaries out.

The CLI, the batch runner, the store and the web API all call these
functions, so every front door produces the same analysis.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from claimledger.ingest import Failure, InputRecord
from claimledger.ingest.readers import from_text
from claimledger.nlp.pipeline import DEFAULT_MODEL, load_pipeline
from claimledger.records.convert import analysis_to_dict, doc_to_analysis
from claimledger.records.core import Document


def _document(rec: InputRecord) -> Document:
    return Document(id=rec.id, text=rec.text, title=rec.title, url=rec.url, published=rec.published,
                    published_source=rec.published_source, author=rec.author, site=rec.site)


def _process(nlp, docs: list, batch_size: int) -> list:
    """Run the pipeline on a batch; if one document breaks it, redo them one by one."""
    try:
        return list(nlp.pipe(docs, batch_size=batch_size))
    except Exception:
        out = []
        for doc in docs:
            try:
                out.append(nlp(doc))
            except Exception as err:  # reported as that document's failure
                out.append(err)
        return out


#: Off switch for the memory zones below (CLAIMLEDGER_MEMORY_ZONE=0), should a component misbehave in one.
MEMORY_ZONES = os.environ.get("CLAIMLEDGER_MEMORY_ZONE", "1") != "0"
#: spaCy's rule lemmatizer caches every (word, tag) it has seen, forever; past this size the cache is dropped.
LEMMA_CACHE_LIMIT = 200_000


def _zoned(nlp, run_batch) -> list:
    """Run one batch inside ``nlp.memory_zone()`` and return its finished results.

    Why: every new word a document brings adds a string and a lexeme to the shared
    vocab, which otherwise grows for as long as the process runs, so memory would grow
    with the input.  Inside a zone those are freed when the batch ends.  The results
    are plain dictionaries built inside the zone, so nothing refers to freed memory;
    they are collected before the zone closes so the caller's code never runs inside it.
    """
    if not MEMORY_ZONES or nlp.vocab.in_memory_zone:
        return list(run_batch())
    with nlp.memory_zone():
        out = list(run_batch())
    for _, pipe in nlp.pipeline:
        cache = getattr(pipe, "cache", None)
        if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_LIMIT:
            cache.clear()
    return out


def analyze_records(items: Iterable[InputRecord | Failure], *, model: str = DEFAULT_MODEL,
                    batch_size: int = 8, accurate: bool = False) -> Iterator[dict[str, Any] | Failure]:
    """Analyse records in input order; failures pass through untouched so callers can report them.

    Streams: at most ``batch_size`` documents are held at once.  8 measured as fast as 16 and
    faster than 32 or 64 on news articles (padding of unequal lengths), with less peak memory
    (docs/performance.md).
    """
    nlp = load_pipeline(model, accurate)
    batch: list[InputRecord | Failure] = []

    def flush() -> Iterator[dict[str, Any] | Failure]:
        recs = [r for r in batch if isinstance(r, InputRecord)]
        docs = []
        for rec in recs:
            doc = nlp.make_doc(rec.text)
            doc._.cl_published = rec.published
            docs.append(doc)
        done = iter(_process(nlp, docs, batch_size))
        for item in batch:
            if isinstance(item, Failure):
                yield item
                continue
            doc = next(done)
            if isinstance(doc, Exception):
                yield Failure(item.where, f"analysis failed: {type(doc).__name__}: {doc}")
                continue
            try:
                document = _document(item)
                if doc._.cl_published and not document.published:
                    document.published, document.published_source = doc._.cl_published, "text"
                yield analysis_to_dict(doc_to_analysis(doc, document))
            except Exception as err:  # one bad document must not lose the batch
                yield Failure(item.where, f"analysis failed: {type(err).__name__}: {err}")
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _zoned(nlp, flush)
    if batch:
        yield from _zoned(nlp, flush)


def analyze_text(text: str, *, published: str | None = None, doc_id: str | None = None,
                 model: str = DEFAULT_MODEL, **meta) -> dict[str, Any]:
    """Analyse one plain-text document and return its contract object."""
    rec = from_text(text, "<text>", doc_id=doc_id, html=False, published=published, **meta)
    if isinstance(rec, Failure):
        from claimledger.errors import InputError

        raise InputError(rec.where, rec.reason)
    return next(iter(analyze_records([rec], model=model)))
