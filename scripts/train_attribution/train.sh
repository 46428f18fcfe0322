#!/bin/sh
# Train the attribution tagger shipped in src/claimledger/models/attribution_tagger/.
# Needs PolNeAR (train and dev splits only) at $POLNEAR; one CPU thread, ~40 minutes
# (the boundary model's two half taggers: two more threads, ~20 minutes).
set -e
POLNEAR=${POLNEAR:-/work/shared/data/polnear}
WORK=${WORK:-/tmp/attribution_tagger}
PY=${PY:-.venv/bin/python}
# registers the tagger's architectures and the reader that hands it the runtime parse
CODE=scripts/train_attribution/parsed_corpus.py
CFG=scripts/train_attribution/syntax.cfg
C="$WORK/corpus"
mkdir -p "$WORK"
$PY scripts/train_attribution/prepare.py "$POLNEAR" "$C"
# parse every Doc as the default pipeline does (about 5 minutes)
$PY scripts/train_attribution/parsed.py "$C/train.spacy" "$C/train.parsed.spacy" "$C/dev.spacy" "$C/dev.parsed.spacy" \
  "$C/half0.spacy" "$C/half0.parsed.spacy" "$C/half1.spacy" "$C/half1.parsed.spacy"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 timeout 3600 $PY -m spacy train $CFG --code "$CODE" \
  --output "$WORK/out" --paths.train "$C/train.parsed.spacy" --paths.dev "$C/dev.parsed.spacy" \
  --training.max_steps 4000 || true
D=src/claimledger/models/attribution_tagger; rm -rf $D/config.cfg $D/meta.json $D/ner $D/tok2vec $D/tokenizer $D/vocab
cp -r "$WORK"/out/model-best/* "$D"/

# The content-boundary model learns from taggers that did not see the article they tag:
# two more taggers, each on half of train (article i, every version of it, in half i % 2;
# prepare.py writes the halves), then the ranking model.
if [ "${BOUNDARIES:-1}" = 1 ]; then
  for k in 0 1; do
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $PY -m spacy train $CFG --code "$CODE" \
      --output "$WORK/half$k" --paths.train "$C/half$k.parsed.spacy" --paths.dev "$C/dev.parsed.spacy" \
      --training.max_steps 4000 &
  done
  wait
  # each learnt layer reads train through the two half taggers
  fit_layer() {
    script=$1; shift
    $PY "scripts/train_attribution/$script" --polnear "$POLNEAR" \
      --taggers "$WORK/half0/model-last" "$WORK/half1/model-last" "$@"
  }
  M=src/claimledger/models
  fit_layer boundaries.py --out "$M/content_boundaries.json"
  # the same for text without commas (scraped datasets print articles so): fitted on train as
  # scraped text prints it, used where rules.punctuation_stripped holds
  fit_layer boundaries.py --scraped --out "$M/content_boundaries_stripped.json"
  # the split chooser (what a cue with a content on each side keeps) learns from the same half
  # taggers' decoded output; the boundary model above is fitted with the hand rule in its place
  fit_layer splits.py --out "$M/attribution_splits.json"
  fit_layer splits.py --scraped --out "$M/attribution_splits_stripped.json"
  # the arbiter between the rules' and the tagger's content of one cue learns from the same
  # half taggers, behind the new boundary model and split chooser
  fit_layer arbiter.py --out "$M/attribution_arbiter.json"
fi
