"""Memory must not grow with the input: every stage pulls one record (or one batch) at a time.

These are small models of the property the slow ``scripts/memcheck.py`` measures in megabytes:
if every stage is lazy and the vocab is freed per batch, a 1 GB input costs time, not memory.
"""

from __future__ import annotations

import gc
import io
import json

from spacy.vocab import Vocab

from claimledger.analyze import analyze_records
from claimledger.ingest import Failure
from claimledger.ingest.readers import from_text, iter_inputs, iter_jsonl_lines
from claimledger.render import write_results


class CountingLines(io.BytesIO):
    """A binary stream that counts the lines handed out."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.lines_read = 0

    def readline(self, size: int = -1) -> bytes:
        line = super().readline(size)
        if line:
            self.lines_read += 1
        return line

    def read(self, size: int = -1) -> bytes:  # reading everything at once is the bug we guard against
        raise AssertionError("the whole stream was read at once")


def _jsonl(n: int) -> bytes:
    return b"".join(json.dumps({"id": f"d{i}", "text": f"Officials said {i} people left."}).encode() + b"\n"
                    for i in range(n))


def test_jsonl_reader_reads_one_line_per_record():
    stream = CountingLines(_jsonl(1000))
    records = iter_jsonl_lines(stream, "big.jsonl")
    first = next(records)
    assert first.id == "d0"
    assert stream.lines_read == 1


def test_jsonl_on_stdin_is_read_line_by_line():
    stream = CountingLines(b"\n" + _jsonl(1000))
    records = iter_inputs(["-"], stdin=stream)
    assert next(records).id == "d0"
    assert stream.lines_read <= 3


def test_analyze_records_pulls_one_batch_before_the_first_result(nlp):
    pulled = 0

    def source():
        nonlocal pulled
        for i in range(50):
            pulled += 1
            yield from_text(f"The minister said {i} soldiers were killed.", f"r{i}", html=False)

    results = analyze_records(source(), batch_size=4)
    first = next(results)
    assert first["document"]["text"].startswith("The minister said 0")
    assert pulled == 4  # one batch, not the whole input
    rest = list(results)
    assert len(rest) == 49 and pulled == 50


def test_failures_keep_their_place_in_the_stream(nlp):
    items = [from_text("A spokesman said the talks failed.", "a", html=False),
             Failure("b", "not valid JSON"),
             from_text("Police said two men were arrested.", "c", html=False)]
    out = list(analyze_records(iter(items), batch_size=2))
    assert [type(x).__name__ for x in out] == ["dict", "Failure", "dict"]


def test_vocab_strings_do_not_accumulate_across_batches(nlp):
    """Made-up words from one batch are gone from the StringStore once the batch is done."""
    before = len(nlp.vocab.strings)
    words = [f"Zqxvorn{i}ski" for i in range(40)]
    records = (from_text(f"{w} said the bridge at Plovnik{i} was destroyed.", w, html=False)
               for i, w in enumerate(words))
    out = list(analyze_records(records, batch_size=8))
    assert len(out) == 40 and "Zqxvorn0ski" in out[0]["document"]["text"]
    assert len(nlp.vocab.strings) - before < 10
    # every spaCy vocab in the process, including those of models a component loads itself
    vocabs = [o for o in gc.get_objects() if isinstance(o, Vocab)]
    assert nlp.vocab in vocabs
    leaked = [w for w in words if any(w in v.strings for v in vocabs)]
    assert not leaked, f"{len(leaked)} new words kept in a vocab, e.g. {leaked[0]}"


def test_same_results_in_later_batches(nlp, example_text):
    """Freeing a batch's strings must not change what later batches produce."""
    recs = [from_text(example_text, f"copy{i}", doc_id="same", html=False) for i in range(3)]
    a, b, c = analyze_records(iter(recs), batch_size=1)
    assert a == b == c


def test_jsonl_writer_writes_each_record_before_the_next_is_computed():
    out = io.StringIO()

    def results():
        for i in range(5):
            assert out.getvalue().count("\n") == i, "earlier records were not written yet"
            yield {"n": i}

    write_results(results(), out, "jsonl")
    assert [json.loads(line)["n"] for line in out.getvalue().splitlines()] == list(range(5))


def test_a_zone_spans_several_batches_and_frees_its_words_when_it_closes(nlp, monkeypatch):
    import claimledger.analyze as analyze

    monkeypatch.setattr(analyze, "ZONE_DOCS", 4)
    seen = []
    words = [f"Vrezhkolm{i}ov" for i in range(10)]
    records = (from_text(f"{w} said the depot was shelled.", w, html=False) for w in words)
    for _ in analyze.analyze_records(records, batch_size=2):
        # inside a zone the words of earlier batches in the same zone are still known
        seen.append(sum(w in nlp.vocab.strings for w in words))
    assert len(seen) == 10
    assert seen[3] >= 2 and seen[4] < seen[3]   # the first zone held documents 0-3, then closed
    assert not any(w in nlp.vocab.strings for w in words)
