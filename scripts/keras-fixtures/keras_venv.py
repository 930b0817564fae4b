"""The fixture scripts' Python: .venv-keras at the repository root, made the documented way when missing.

    import keras_venv
    keras_venv.run_in_venv()   # before importing keras

re-runs the calling script with .venv-keras's Python unless it already runs there.
"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV = os.path.join(ROOT, ".venv-keras")
PACKAGES = ["tensorflow-cpu==2.21.0", "keras==3.15.1", "h5py", "tensorboard"]


def run_in_venv():
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "--retries", "0", *PACKAGES])
    os.execv(python, [python] + sys.argv)
