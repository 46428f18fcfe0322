#!/bin/sh
# Train the attribution tagger shipped in src/claimledger/models/attribution_tagger/.
# Needs PolNeAR (train and dev splits only) at $POLNEAR; one CPU thread, ~25 minutes
# (the boundary model's two half taggers: two more threads, ~20 minutes).
set -e
POLNEAR=${POLNEAR:-/work/shared/data/polnear}
WORK=${WORK:-/tmp/attribution_tagger}
PY=${PY:-.venv/bin/python}
CODE=src/claimledger/nlp/attribution/architectures.py  # registers the tagger's extra CNN layers
mkdir -p "$WORK"
$PY scripts/train_attribution/prepare.py "$POLNEAR" "$WORK/corpus"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 timeout 2700 $PY -m spacy train scripts/train_attribution/finetuned.cfg --code "$CODE" \
  --output "$WORK/out" --paths.train "$WORK/corpus/train.spacy" --paths.dev "$WORK/corpus/dev.spacy" \
  --training.max_steps 4000 || true
D=src/claimledger/models/attribution_tagger; rm -rf $D/config.cfg $D/meta.json $D/ner $D/tok2vec $D/tokenizer $D/vocab
cp -r "$WORK"/out/model-best/* "$D"/

# The content-boundary model learns from taggers that did not see the article they tag:
# two more taggers, each on half of train (article i, every version of it, in half i % 2;
# prepare.py writes the halves), then the ranking model.
if [ "${BOUNDARIES:-1}" = 1 ]; then
  for k in 0 1; do
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $PY -m spacy train scripts/train_attribution/finetuned.cfg --code "$CODE" \
      --output "$WORK/half$k" --paths.train "$WORK/corpus/half$k.spacy" --paths.dev "$WORK/corpus/dev.spacy" \
      --training.max_steps 4000 &
  done
  wait
  $PY scripts/train_attribution/boundaries.py --polnear "$POLNEAR" \
    --taggers "$WORK/half0/model-last" "$WORK/half1/model-last" \
    --out src/claimledger/models/content_boundaries.json
fi
