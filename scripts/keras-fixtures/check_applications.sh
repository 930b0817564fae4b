#!/usr/bin/env bash
# keras.applications parity: MobileNetV2, MobileNetV3Small/Large, ResNet50, EfficientNetB0 and DenseNet121 with random
# weights, saved by real Keras 3.15.1 / TensorFlow 2.21 as .keras with 20 images and Keras's
# predictions (make_applications.py, into target/keras-parity/, about 150 MB, not committed), then
# tfj's predictions on the same images compared to Keras's to 1e-4 (ApplicationsParityTest through
# mvn -Pkeras-parity). Creates .venv-keras at the repository root the documented way when it is
# missing; KERAS_PYTHON overrides the interpreter.
# Usage: scripts/keras-fixtures/check_applications.sh [APPLICATION...]   (default: all six)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/keras-fixtures/keras-python.sh"
bash "$root/scripts/fetch-data.sh" mnist
cd "$root"
out=target/keras-parity
rm -rf "$out"
TF_CPP_MIN_LOG_LEVEL=2 "$python" scripts/keras-fixtures/make_applications.py "$out" "$@"
mvn -B -o -Pkeras-parity test
