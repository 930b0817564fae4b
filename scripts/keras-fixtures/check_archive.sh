#!/usr/bin/env bash
# Round trips through real Keras 3.15.1, outside `mvn verify` (no Python there):
# 1. KerasArchiveWriterTest writes the Keras-trained Sequential fixture's weights as a new .keras
#    archive with tfj-runner's writer: Keras must predict what it predicted from its own file;
# 2. RunExportTest exports a tfj-trained run with `tfj export --format keras`: Keras must predict
#    what the run's SavedModel predicts.
# Both to 1e-5 on the first 100 MNIST test images. Creates .venv-keras the documented way when it
# is missing; KERAS_PYTHON overrides.
# Usage: scripts/keras-fixtures/check_archive.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/keras-fixtures/keras-python.sh"
cd "$root"
out="$root/target/keras-archive-check"
mvn -q -B -o test -Dtest='KerasArchiveWriterTest,RunExportTest#asAKerasArchiveItPredictsAsTheFinalModel' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dtfj.keras.out="$out"
export TF_CPP_MIN_LOG_LEVEL=2
"$python" scripts/keras-fixtures/check_archive.py "$out/seq_cnn-tfj.keras" \
  src/test/resources/keras/weights/seq_cnn.predictions.json
"$python" scripts/keras-fixtures/check_archive.py "$out/tiny-run.keras" "$out/tiny-run.predictions.json"
