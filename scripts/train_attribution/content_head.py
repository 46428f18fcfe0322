"""Train accurate mode's content head (``nlp/attribution/content_head.py``).

Examples, from PolNeAR train:
- every gold attribution's cue, asked without a proposal (half of them, drawn at random): where
  is this cue's content?
- every cue that accurate mode's decoding finds on train, with the content it proposes, when a
  gold attribution has an overlapping cue: the answer is that attribution's content.  The
  proposals come from cross-fitted fused tags (``fused_halves.py``: each article tagged by
  models that never saw it), decoded as accurate mode decodes, so they err as on unseen text.
The word vectors are the shipped MiniLM's.  Adam with a one-cycle schedule to 2e-3, batches of 32,
three epochs (about 15 minutes per head on 2 threads).  With several ``--seeds`` each seed
draws its own examples and trains its own head on the same vectors; accurate mode averages
the heads' log-probabilities.  The margin is not learnt: it is written from
``--margin`` into ``content_head.json``.  Needs the torch extra.

Usage:
  python scripts/train_attribution/content_head.py --cache-tags train_fused.tags \\
      [--cache-train train_docs.pkl] [--seeds 0 1] --out src/claimledger/models/attribution_minilm
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402
from boundaries import load_train, predictions  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

from claimledger.eval.attribution import outer  # noqa: E402
from claimledger.nlp.attribution.accurate import AccurateTagger  # noqa: E402
from claimledger.nlp.attribution.content_head import ContentHeadNet, batch, member_file, word_range  # noqa: E402

WINDOW = 120
MARGIN = 3.0
#: cue recovery thresholds written to content_head.json (chosen on PolNeAR dev, see the card)
RECOVER = (0.3, 0.6, -0.3)


def gold_links(g) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(cue, content) outer ranges of each gold attribution that has both."""
    out = []
    for link in g.links:
        if "cue" in link and "content" in link:
            cue, content = outer(g.text, link["cue"]), outer(g.text, link["content"])
            if cue and content:
                out.append((cue, content))
    return out


def examples(golds, readings, preds, gold_share: float, seed: int) -> list:
    """(doc index, (cue first word, cue last word, proposal or None), (gold first, gold last))."""
    rng = random.Random(seed)
    out = []
    for d, (g, rd) in enumerate(zip(golds, readings, strict=True)):
        for cue, content in gold_links(g):
            cw, kw = word_range(rd, *cue), word_range(rd, *content)
            if cw and kw:
                out.append((d, (cw[0], cw[1], None), kw))
    out = [e for e in out if rng.random() < gold_share]
    for d, (g, rd, atts) in enumerate(zip(golds, readings, preds, strict=True)):
        links = gold_links(g)
        for a in atts:
            if a.parent_id is not None or a.content is None:
                continue
            cands = [content for cue, content in links if cue[0] < a.cue.end and a.cue.start < cue[1]]
            if not cands:
                continue
            # of several gold contents for one cue, the one the proposal overlaps most
            gold = max(cands, key=lambda c: min(c[1], a.content.end) - max(c[0], a.content.start))
            cw, kw = word_range(rd, a.cue.start, a.cue.end), word_range(rd, *gold)
            pw = word_range(rd, a.content.start, a.content.end)
            if cw and kw and pw:
                out.append((d, (cw[0], cw[1], pw), kw))
    return out


def train(readings, items, epochs: int, seed: int, log=print) -> ContentHeadNet:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = ContentHeadNet()
    size = 32
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=0.01)
    steps = epochs * math.ceil(len(items) / size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 2e-3, total_steps=steps, pct_start=0.1)
    loss_fn = torch.nn.functional.cross_entropy
    t0, k = time.time(), 0
    items = list(items)
    for epoch in range(epochs):
        rng.shuffle(items)
        net.train()
        total = 0.0
        for b in range(0, len(items), size):
            chunk = items[b:b + size]
            tensors, firsts = batch(readings, [(d, q) for d, q, _ in chunk], WINDOW)
            mask = tensors[5]
            ys = torch.tensor([g[0] - lo for (_, _, g), lo in zip(chunk, firsts, strict=True)])
            ye = torch.tensor([g[1] - lo for (_, _, g), lo in zip(chunk, firsts, strict=True)])
            # a gold content reaching past the window teaches nothing about where it lies
            ok = torch.tensor([bool(s >= 0 and e < mask.shape[1] and mask[r, e])
                               for r, (s, e) in enumerate(zip(ys.tolist(), ye.tolist(), strict=True))])
            start, end = net(*tensors)
            if not ok.any():
                continue
            loss = (loss_fn(start[ok], ys[ok]) + loss_fn(end[ok], ye[ok])) / 2
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            sched.step()
            total += loss.item()
            k += 1
        log(f"epoch {epoch + 1}: loss {total / max(1, math.ceil(len(items) / size)):.3f}, {time.time() - t0:.0f} s")
    return net.eval()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", default="/work/shared/data/polnear")
    ap.add_argument("--cache-tags", required=True, help="cross-fitted fused train tags (fused_halves.py --out)")
    ap.add_argument("--cache-train", help="the parsed train articles, reused when present")
    ap.add_argument("--minilm", help="the MiniLM whose vectors the head reads (default: the packaged one)")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--gold-share", type=float, default=0.5)
    ap.add_argument("--margin", type=float, default=MARGIN)
    ap.add_argument("--seeds", type=int, nargs="+", default=[0],
                    help="one head per seed, all reading the same vectors; accurate mode averages them")
    ap.add_argument("--recover", type=float, nargs=3, default=list(RECOVER), metavar=("RUN", "PEAK", "SCORE"),
                    help="cue recovery (recover.py): run and peak cue probability, least head log-probability")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, help="first N train articles only (a quick check)")
    ap.add_argument("--out", required=True, help="directory for content_head.safetensors and .json")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    nlp, golds, docs = load_train(args.polnear, args.cache_train, args.limit)
    tags = pickle.loads(Path(args.cache_tags).read_bytes())[:len(docs)]
    preds = predictions(nlp, docs, tags, refine=True, accurate=True)
    minilm = AccurateTagger(args.minilm, threads=args.threads)
    readings = []
    for b in range(0, len(golds), 16):
        readings.extend(minilm.read([g.text for g in golds[b:b + 16]], states=True))
    out = Path(args.out)
    members, counts = [], []
    for seed in args.seeds:
        items = examples(golds, readings, preds, args.gold_share, seed)
        print(f"seed {seed}: {len(items)} examples", file=sys.stderr)
        net = train(readings, items, args.epochs, seed, log=lambda m: print(m, file=sys.stderr))
        name = member_file(len(members))
        save_file({k: v.half().contiguous() for k, v in net.state_dict().items()}, str(out / name))
        members.append(name)
        counts.append(len(items))
    meta = {"window": WINDOW, "margin": args.margin, "hidden": 256, "examples": counts,
            "epochs": args.epochs, "seeds": args.seeds, "gold_share": args.gold_share, "members": members,
            "recover": dict(zip(("cue_run", "min_cue", "min_score"), args.recover, strict=True))}
    (out / "content_head.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
