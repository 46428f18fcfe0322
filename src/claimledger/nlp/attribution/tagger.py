"""The trained attribution tagger: SOURCE / CUE / CONTENT spans over a whole document.

The shipped model is a spaCy ``ner`` trained on PolNeAR.  A tagger trained on the frozen sm
tok2vec reads that tok2vec's output (``doc.tensor``): inside the default pipeline it reuses the
vectors the sm pipeline already computed.  Whether a pipeline's tensor is the right one is
checked once, by comparing that pipeline's tok2vec weights with the tagger's bundled frozen copy
(another model's tensor may have the same width and mean something else); when it is not, the
bundled copy computes the vectors.  A tagger that fine-tuned its tok2vec always computes them.

The tagger runs on a fresh Doc built from the same words and spaces, so the sm model's named
entities (``doc.ents``) are never touched; offsets are identical because the text is.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

# registers the architectures a saved tagger config may name
from claimledger.nlp.attribution import architectures  # noqa: F401
from claimledger.nlp.attribution.syntax import KEY as SYNTAX_KEY
from claimledger.nlp.attribution.syntax import LAYER_NAME as SYNTAX_LAYER
from claimledger.nlp.attribution.syntax import syntax_features

#: what a user sees once when the tagger is handed Docs that nothing has parsed
UNPARSED = ("claimledger's attribution tagger reads the dependency parse, and this Doc has none: "
            "add claimledger_attribution after a parser (on PolNeAR dev, tags from unparsed Docs "
            "lose about 5 points of content F1)")
#: (label, start_char, end_char)
Tagged = tuple[str, int, int]


def default_model_path() -> Path:
    return Path(str(resources.files("claimledger").joinpath("models/attribution_tagger")))


class AttributionTagger:
    def __init__(self, path: str | Path):
        self.nlp = spacy.load(path)
        self.ner = self.nlp.get_pipe("ner")
        self.tok2vec = self.nlp.get_pipe("tok2vec") if "tok2vec" in self.nlp.pipe_names else None
        self.width = self.tok2vec.model.get_dim("nO") if self.tok2vec is not None else None
        # a tagger trained on the frozen sm tok2vec can read the sm pipeline's doc.tensor;
        # one with a fine-tuned copy must compute its own
        frozen = self.nlp.config.get("training", {}).get("frozen_components", [])
        self.reads_sm_tensor = "tok2vec" in frozen or self.tok2vec is None
        self.labels = tuple(self.ner.labels)
        self.reads_syntax = _reads_syntax(self.ner.model)
        self._warned_unparsed = False
        self._getters = set(self.nlp.vocab.lex_attr_getters)

    def lex_attrs_match(self, other: Vocab) -> bool:
        """Whether ``other`` computes the lexeme features (NORM etc.) the way the tagger's vocab does.

        The tagger's embeddings read NORM, PREFIX, SUFFIX and SHAPE, which come from the
        language's lexical attribute getters.  The sm vocab also carries a small norm table
        (``"cuz"`` -> ``"because"``) that the tagger's saved vocab lacks; on PolNeAR dev that
        changed 2 of 5,656 tags, so only the language and its getters must agree.
        """
        return other.lang == self.nlp.vocab.lang and set(other.lex_attr_getters) == self._getters

    def shares_tensor_with(self, nlp) -> bool:
        """Whether ``nlp``'s ``doc.tensor`` holds exactly the vectors this tagger was trained on:
        the tagger reads the frozen sm tok2vec and ``nlp`` runs a tok2vec with the same weights."""
        if not self.reads_sm_tensor or self.tok2vec is None or "tok2vec" not in nlp.pipe_names:
            return False
        return same_weights(nlp.get_pipe("tok2vec").model, self.tok2vec.model)

    def _mirror(self, doc: Doc, share_tensor: bool) -> tuple[Doc, bool]:
        words = [t.text for t in doc]
        spaces = [bool(t.whitespace_) for t in doc]
        # Building the mirror in the caller's vocab reuses the lexemes the tokenizer already
        # made; in the tagger's own vocab every word became a new lexeme (about 0.5 s of CPU
        # per 21k words in a profile).  That needs the caller's vocab to compute the same lexical
        # features, and to know the label strings the tagger will set.
        vocab = doc.vocab if self.lex_attrs_match(doc.vocab) else self.nlp.vocab
        if vocab is doc.vocab:
            for label in self.labels:
                vocab.strings.add(label)
        new = Doc(vocab, words=words, spaces=spaces)
        if self.reads_syntax:
            # the mirror has no parse (see syntax.py): it carries the caller's parse features
            new.user_data[SYNTAX_KEY] = syntax_features(doc)
            if len(doc) and not doc.has_annotation("DEP") and not self._warned_unparsed:
                self._warned_unparsed = True
                warnings.warn(UNPARSED, UserWarning, stacklevel=5)
        tensor = doc.tensor
        shared = (share_tensor and tensor is not None and tensor.ndim == 2
                  and tensor.shape == (len(doc), self.width))
        if shared:
            new.tensor = tensor
        return new, shared

    def tag_many(self, docs: Iterable[Doc], share_tensor: bool = False) -> list[list[Tagged]]:
        """Tags of each doc.  ``share_tensor``: the docs come from a pipeline for which
        :meth:`shares_tensor_with` holds, so their ``doc.tensor`` is read, not recomputed."""
        # The mirror docs add every new word to this model's own vocab, which the caller's memory
        # zone (claimledger.analyze) does not cover: without this zone memory grew with the input.
        # Only plain tuples leave the zone.
        with self.nlp.memory_zone():
            return self._tag_many(docs, share_tensor)

    def _tag_many(self, docs: Iterable[Doc], share_tensor: bool) -> list[list[Tagged]]:
        mirrors = self._mirrors(docs, share_tensor)
        nonempty = [d for d in mirrors if len(d)]
        if nonempty:
            self.ner.set_annotations(nonempty, self.ner.predict(nonempty))
        return _tags(mirrors)

    def _mirrors(self, docs: Iterable[Doc], share_tensor: bool) -> list[Doc]:
        """A mirror of each doc, with the tok2vec's vectors (computed unless shared)."""
        mirrors = []
        todo = []
        for doc in docs:
            new, shared = self._mirror(doc, share_tensor)
            if not shared and self.tok2vec is not None and len(new):
                todo.append(new)
            mirrors.append(new)
        if todo:
            self.tok2vec.set_annotations(todo, self.tok2vec.predict(todo))
        return mirrors

    @property
    def move_names(self) -> list[str]:
        """The transition system's moves ("B-CUE", "L-CONTENT", "O", ...), in score-column order."""
        moves = self.ner.moves
        return [moves.get_class_name(i) for i in range(moves.n_moves)]

    def tag_many_with(self, docs: list[Doc], extra: list[numpy.ndarray], weight: float,
                      share_tensor: bool = False) -> list[list[Tagged]]:
        """Tags from a greedy pass in which each move's score is ``weight`` times this tagger's
        log-probability of the move plus ``1 - weight`` times ``extra[d][i, move]``, another
        model's log-probability of that move at token ``i`` of doc ``d`` (columns in
        :attr:`move_names` order).  Why a Python loop: spaCy's own greedy parse runs in C and
        cannot take outside scores; it is one small matrix product per token position, cheap
        beside the model that produced ``extra``."""
        with self.nlp.memory_zone():  # as in tag_many
            mirrors = self._mirrors(docs, share_tensor)
            keep = [k for k, d in enumerate(mirrors) if len(d)]
            if keep:
                self._fused_parse([mirrors[k] for k in keep], [extra[k] for k in keep], weight)
            return _tags(mirrors)

    def _fused_parse(self, docs: list[Doc], extra: list[numpy.ndarray], weight: float) -> None:
        step = self.ner.model.predict(docs)
        states = self.ner.moves.init_batch(docs)
        live = [(k, s) for k, s in enumerate(states) if not s.is_final()]
        while live:
            scores = numpy.asarray(step.predict([s for _, s in live]), dtype="f")
            scores = scores - scores.max(axis=1, keepdims=True)
            scores -= numpy.log(numpy.exp(scores).sum(axis=1, keepdims=True))
            outside = numpy.stack([extra[k][s.B(0)] for k, s in live])
            fused = numpy.ascontiguousarray(weight * scores + (1.0 - weight) * outside, dtype="f")
            self.ner.transition_states([s for _, s in live], fused)
            live = [(k, s) for k, s in live if not s.is_final()]
        step.clear_memory()
        self.ner.set_annotations(docs, states)

    def __call__(self, doc: Doc) -> list[Tagged]:
        return self.tag_many([doc])[0]


def _tags(mirrors: list[Doc]) -> list[list[Tagged]]:
    """The tagged spans as plain tuples (nothing tied to the mirrors' vocab leaves its zone)."""
    return [[(e.label_, e.start_char, e.end_char) for e in d.ents] for d in mirrors]


def _reads_syntax(model) -> bool:
    """Whether the tagger's network holds the parse-feature layer (``syntax.py``).  Asked of the
    layers, not of one architecture name in the config: an encoder registered under another name
    would otherwise get features computed from the unparsed mirror, silently (about 5 points of
    content F1 on PolNeAR dev)."""
    return any(node.name == SYNTAX_LAYER for node in model.walk())


def same_weights(a, b) -> bool:
    """Whether two thinc models have the same layers with equal parameters."""
    na, nb = list(a.walk()), list(b.walk())
    if len(na) != len(nb):
        return False
    for x, y in zip(na, nb, strict=True):
        if x.name != y.name or x.param_names != y.param_names:
            return False
        for name in x.param_names:
            if x.has_param(name) != y.has_param(name):
                return False
            if x.has_param(name) and not numpy.array_equal(x.get_param(name), y.get_param(name)):
                return False
    return True


@functools.lru_cache(maxsize=2)
def load_tagger(path: str | None = None) -> AttributionTagger | None:
    """The tagger at ``path`` (default: the packaged model), or None if it is not installed."""
    p = Path(path) if path else default_model_path()
    if not (p / "config.cfg").exists():
        return None
    return AttributionTagger(p)
