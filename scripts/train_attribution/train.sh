#!/bin/sh
# Train the attribution tagger shipped in src/claimledger/models/attribution_tagger/.
# Needs PolNeAR (train and dev splits only) at $POLNEAR; one CPU thread, ~20 minutes.
set -e
POLNEAR=${POLNEAR:-/work/shared/data/polnear}
WORK=${WORK:-/tmp/attribution_tagger}
PY=${PY:-.venv/bin/python}
mkdir -p "$WORK"
$PY scripts/train_attribution/prepare.py "$POLNEAR" "$WORK/corpus"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 timeout 1200 $PY -m spacy train scripts/train_attribution/finetuned.cfg \
  --output "$WORK/out" --paths.train "$WORK/corpus/train.spacy" --paths.dev "$WORK/corpus/dev.spacy" || true
D=src/claimledger/models/attribution_tagger; rm -rf $D/config.cfg $D/meta.json $D/ner $D/tok2vec $D/tokenizer $D/vocab
cp -r "$WORK"/out/model-best/* "$D"/
