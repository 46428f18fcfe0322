"""The library entry point: documents in, contract dictionaries out.

The CLI, the batch runner, the store and the web API all call these
functions, so every front door produces the same analysis.
"""

from __future__ import annotations

import contextlib
import itertools
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
#: documents analysed in one memory zone (CLAIMLEDGER_ZONE_DOCS)
ZONE_DOCS = int(os.environ.get("CLAIMLEDGER_ZONE_DOCS", "256"))
#: spaCy's rule lemmatizer caches every (word, tag) it has seen, forever; past this size the cache is dropped.
LEMMA_CACHE_LIMIT = 200_000


def _zone(nlp):
    """``nlp.memory_zone()``, unless zones are off or the caller already opened one.

    Why: every new word a document brings adds a string and a lexeme to the shared vocab,
    which otherwise grows for as long as the process runs, so memory would grow with the
    input.  Inside a zone those are freed when it closes.  A zone spans ``ZONE_DOCS``
    documents, not one batch: a zone per batch of 8 made the tokenizer rebuild the lexemes
    of common words for every batch (27 news articles: 13.41 s against 12.69 s of CPU, the
    fastest of four runs each).  Results leave
    the zone as plain dictionaries, so nothing refers to freed memory.
    """
    if not MEMORY_ZONES or nlp.vocab.in_memory_zone:
        return contextlib.nullcontext()
    return nlp.memory_zone()


def _trim_caches(nlp) -> None:
    for _, pipe in nlp.pipeline:
        for name in ("cache", "memo"):   # spaCy's lemmatizer cache and ours (nlp/lemmas.py)
            cache = getattr(pipe, name, None)
            if isinstance(cache, dict) and len(cache) > LEMMA_CACHE_LIMIT:
                cache.clear()


def _analyze_batch(nlp, batch: list, batch_size: int) -> Iterator[dict[str, Any] | Failure]:
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


def analyze_records(items: Iterable[InputRecord | Failure], *, model: str = DEFAULT_MODEL,
                    batch_size: int = 8, accurate: bool = False) -> Iterator[dict[str, Any] | Failure]:
    """Analyse records in input order; failures pass through untouched so callers can report them.

    Streams: at most ``batch_size`` documents are held at once, and each batch's results are
    yielded before the next batch is read.  8 measured as fast as 16 and faster than 32 or 64
    on news articles (padding of unequal lengths), with less peak memory (docs/performance.md).
    """
    nlp = load_pipeline(model, accurate)
    items = iter(items)
    while True:
        analysed, exhausted = 0, False
        with _zone(nlp):
            while analysed < ZONE_DOCS:
                batch = list(itertools.islice(items, batch_size))
                if not batch:
                    exhausted = True
                    break
                analysed += len(batch)
                yield from _analyze_batch(nlp, batch, batch_size)
        _trim_caches(nlp)
        if exhausted:
            return


def analyze_text(text: str, *, published: str | None = None, doc_id: str | None = None,
                 model: str = DEFAULT_MODEL, **meta) -> dict[str, Any]:
    """Analyse one plain-text document and return its contract object."""
    rec = from_text(text, "<text>", doc_id=doc_id, html=False, published=published, **meta)
    if isinstance(rec, Failure):
        from claimledger.errors import InputError

        raise InputError(rec.where, rec.reason)
    return next(iter(analyze_records([rec], model=model)))
