#!/usr/bin/env bash
# Checks a run's TensorBoard logs with the real TensorBoard, as a Keras user would look at them:
# starts `tensorboard` (pip, by name, in a virtualenv) on 127.0.0.1 on a free port, asks its HTTP data
# API for every plugin, tag and value that keras.callbacks.TensorBoard(histogram_freq=1,
# write_graph=True, write_images=True) gives (scalars, histograms, distributions, images, the
# conceptual graph), compares the scalars with the run's history.json, stops the server and fails
# on any difference. The checks themselves are in scripts/check_tensorboard.py.
#
# Usage: scripts/check-tensorboard.sh LOGDIR [HISTORY_JSON]
#   LOGDIR        a run's log directory, holding train/ and validation/ (tensorboard-logs/<run-id>)
#   HISTORY_JSON  the run's epoch logs (default: savedmodels/<run-id>/history.json); a run.json beside
#                 it gives histogram_freq, write_graph and write_images (default: the settings above)
# The virtualenv: .venv-keras when it has TensorBoard (scripts/keras-fixtures), else .venv-tensorboard,
# created with `pip install tensorboard` when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: scripts/check-tensorboard.sh LOGDIR [HISTORY_JSON]"
logdir="${1:?$usage}"
[[ -d "$logdir/train" && -d "$logdir/validation" ]] \
  || { echo "check-tensorboard: $logdir: no train/ and validation/ run directories" >&2; exit 2; }
logdir="$(cd "$logdir" && pwd)"
history="${2:-$root/savedmodels/$(basename "$logdir")/history.json}"
[[ -f "$history" ]] || { echo "check-tensorboard: $history: no such file (give the run's history.json)" >&2; exit 2; }

venv="$root/.venv-keras"
if [[ ! -x "$venv/bin/tensorboard" ]]; then
  venv="$root/.venv-tensorboard"
  if [[ ! -x "$venv/bin/tensorboard" ]]; then
    echo "check-tensorboard: creating $venv (pip install tensorboard) ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --retries 0 tensorboard >&2
  fi
fi

port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
server_log="$(mktemp)"
"$venv/bin/tensorboard" --logdir "$logdir" --host 127.0.0.1 --port "$port" >"$server_log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$server_log"' EXIT

if ! "$venv/bin/python" "$root/scripts/check_tensorboard.py" "http://127.0.0.1:$port" "$logdir" "$history"; then
  echo "check-tensorboard: FAILED ($(basename "$logdir")); TensorBoard's log:" >&2
  tail -n 20 "$server_log" >&2
  exit 1
fi
