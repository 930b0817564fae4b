"""Loads a .keras archive written by tfj-runner in real Keras and compares its predictions.

Usage: check_archive.py ARCHIVE PREDICTIONS_JSON
PREDICTIONS_JSON holds the expected probabilities on the first 100 MNIST test images (a fixture
of make_weights.py, or tfj's own), fed in the value range its "input_range" names. Exits 1 when
the largest absolute difference exceeds 1e-5.
"""

import json
import struct
import sys

import keras
import numpy as np


def first_test_images(count):
    with open("data/mnist/t10k-images-idx3-ubyte", "rb") as f:
        magic = struct.unpack(">i", f.read(4))[0]
        dims = struct.unpack(">" + "i" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        images = np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)[:count]
    return images.reshape(-1, 28, 28, 1).astype("float32")


def main(archive, predictions):
    with open(predictions) as f:
        expected = json.load(f)
    wanted = np.array(expected["probabilities"], dtype="float32")
    images = first_test_images(len(wanted))
    if expected["input_range"] == "0-1":
        images = images * np.float32(1 / 255)
    model = keras.saving.load_model(archive)
    got = model.predict(images, verbose=0)
    worst = float(np.max(np.abs(got - wanted)))
    print(f"{archive}: Keras {keras.__version__} loaded it; largest |Keras - expected| probability difference"
          f" on {len(wanted)} images: {worst:.3g}")
    return 0 if worst <= 1e-5 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
