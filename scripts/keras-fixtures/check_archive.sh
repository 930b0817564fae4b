#!/usr/bin/env bash
# Round trip through real Keras: KerasArchiveWriterTest writes the Keras-trained Sequential fixture's
# weights as a new .keras archive (tfj-runner's writer), then Keras 3.15.1 loads that archive and
# must predict what Keras predicted from its own file (1e-5). Not part of `mvn verify` (no Python
# there); creates .venv-keras the documented way when it is missing; KERAS_PYTHON overrides.
# Usage: scripts/keras-fixtures/check_archive.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
python="${KERAS_PYTHON:-$root/.venv-keras/bin/python}"
if [[ ! -x "$python" ]]; then
  python3 -m venv "$root/.venv-keras"
  "$root/.venv-keras/bin/pip" install --retries 0 tensorflow-cpu==2.21.0 keras==3.15.1 h5py tensorboard
  python="$root/.venv-keras/bin/python"
fi
cd "$root"
out="$root/target/keras-archive-check"
mvn -q -B -o test -Dtest=KerasArchiveWriterTest -Dsurefire.failIfNoSpecifiedTests=false -Dtfj.keras.out="$out"
TF_CPP_MIN_LOG_LEVEL=2 "$python" scripts/keras-fixtures/check_archive.py "$out/seq_cnn-tfj.keras" \
  src/test/resources/keras/weights/seq_cnn.predictions.json
