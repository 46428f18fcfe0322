"""Model architectures of the attribution tagger, registered with spaCy.

Why: the tagger fine-tunes a copy of the sm tok2vec, whose four CNN layers see four tokens on
each side.  A content's edges depend on words further away (the cue, an opening "that", a
quotation mark), so the tagger may stack more CNN layers on top of the sourced tok2vec without
changing its weights' shapes.  The saved config names this function, so it must be imported
before such a model is loaded (``tagger.py`` does).
"""

from __future__ import annotations

from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.util import registry
from thinc.api import Model, chain


@registry.architectures("claimledger.ListenerEncoder.v1")
def listener_encoder(listener: Model, width: int, depth: int, window_size: int,
                     maxout_pieces: int = 3) -> Model:
    """The upstream tok2vec's vectors (``listener``) through ``depth`` more residual CNN layers."""
    encode = MaxoutWindowEncoder(width=width, depth=depth, window_size=window_size,
                                 maxout_pieces=maxout_pieces)
    model = chain(listener, encode)
    model.set_dim("nO", width)
    return model


@registry.architectures("claimledger.SyntaxListenerEncoder.v1")
def syntax_listener_encoder(listener: Model, width: int, depth: int, window_size: int,
                            maxout_pieces: int = 3, feature_width: int = 16,
                            rows: int = 1000, lexical_rows: int = 5000) -> Model:
    """As :func:`listener_encoder`, with the parse features of ``syntax.py`` embedded beside the
    upstream vectors and mixed into ``width`` by one maxout layer before the CNN layers."""
    from thinc.api import HashEmbed, Maxout, concatenate, list2ragged, ragged2list, with_array

    from claimledger.nlp.attribution.syntax import LEXICAL, N_FEATURES, SyntaxFeatures

    embeds = [HashEmbed(feature_width, lexical_rows if k in LEXICAL else rows, column=k,
                        seed=7001 + k, dropout=0.0) for k in range(N_FEATURES)]
    syntax = chain(SyntaxFeatures(), list2ragged(), with_array(concatenate(*embeds)), ragged2list())
    mix = with_array(Maxout(width, width + feature_width * N_FEATURES, nP=3, normalize=True,
                            dropout=0.0))
    encode = MaxoutWindowEncoder(width=width, depth=depth, window_size=window_size,
                                 maxout_pieces=maxout_pieces)
    model = chain(concatenate(listener, syntax), mix, encode)
    model.set_dim("nO", width)
    return model
