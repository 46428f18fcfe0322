"""Shared shape of claimledger's components: call, serialise, score."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc


class Component:
    """A stateless spaCy component whose results are plain records on ``doc._``.

    Subclasses implement :meth:`__call__`.  Stateless components serialise to
    nothing, but keep ``to_disk``/``from_disk`` so ``nlp.to_disk`` works on a
    pipeline that contains them.
    """

    def __init__(self, nlp: Language, name: str):
        self.nlp = nlp
        self.name = name

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, docs, batch_size: int = 32):
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude=()):
        return self
