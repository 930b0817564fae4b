# Sourced by the scripts beside it: sets $python to real Keras 3.15.1's interpreter, creating
# .venv-keras at the repository root the documented way when it is missing ($root must be set;
# KERAS_PYTHON overrides).
python="${KERAS_PYTHON:-$root/.venv-keras/bin/python}"
if [[ ! -x "$python" ]]; then
  python3 -m venv "$root/.venv-keras"
  "$root/.venv-keras/bin/pip" install --retries 0 tensorflow-cpu==2.21.0 keras==3.15.1 h5py tensorboard
  python="$root/.venv-keras/bin/python"
fi
