#!/usr/bin/env bash
# Round trip through real Keras: KerasArchiveWriterTest writes the Keras-trained Sequential fixture's
# weights as a new .keras archive (tfj-runner's writer), then Keras 3.15.1 loads that archive and
# must predict what Keras predicted from its own file (1e-5). Not part of `mvn verify` (no Python
# there); creates .venv-keras the documented way when it is missing; KERAS_PYTHON overrides.
# Usage: scripts/keras-fixtures/check_archive.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/keras-fixtures/keras-python.sh"
cd "$root"
out="$root/target/keras-archive-check"
mvn -q -B -o test -Dtest=KerasArchiveWriterTest -Dsurefire.failIfNoSpecifiedTests=false -Dtfj.keras.out="$out"
TF_CPP_MIN_LOG_LEVEL=2 "$python" scripts/keras-fixtures/check_archive.py "$out/seq_cnn-tfj.keras" \
  src/test/resources/keras/weights/seq_cnn.predictions.json
