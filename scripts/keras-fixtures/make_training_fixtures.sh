#!/usr/bin/env bash
# Writes the training fixtures (parity, transfer learning, frozen layers) under src/test/resources/keras/training/ with real
# Keras 3.15.1 / TensorFlow 2.21 (see make_training_fixtures.py). Creates .venv-keras at the
# repository root the documented way when it is missing; KERAS_PYTHON overrides the interpreter.
# Usage: scripts/keras-fixtures/make_training_fixtures.sh [digits] [parity] [frozen]   (default: all)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/keras-fixtures/keras-python.sh"
bash "$root/scripts/fetch-data.sh" mnist
cd "$root"
TF_CPP_MIN_LOG_LEVEL=2 "$python" scripts/keras-fixtures/make_training_fixtures.py "$@"
