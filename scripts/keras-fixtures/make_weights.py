"""Writes the weight-file fixtures of src/test/resources/keras/weights/ with real Keras.

Two small CNNs are trained for four epochs on the first 3,000 MNIST training images (read from
data/mnist/*-ubyte) and saved in every form Keras writes:

- seq_cnn: a Sequential CNN (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dropout, Dense)
  fed pixels / 255;
- func_cnn: a Functional CNN fed raw 0..255 pixels, with a Rescaling(1/255) layer inside, Add,
  Concatenate, BatchNormalization and a nested Sequential block.

For each NAME: NAME.keras (compiled, so the optimizer's variables are in it), NAME.h5 (legacy
HDF5), NAME.json (model.to_json()) + NAME.weights.h5 (model.save_weights), NAME.legacy-weights.h5
(Keras 2's weights-only HDF5 layout), and NAME.predictions.json (model.predict on the first 100 MNIST test
images, in the value range the model takes). Bad files for the error tests: seq_cnn-truncated.keras
(the first half of seq_cnn.keras), seq_cnn-npz.keras (weights_format="npz") and not-keras.h5 (an HDF5 file that is no Keras model).

Run through make_weights.sh, which creates the virtualenv when it is missing.
"""

import json
import os
import struct

import h5py
import keras
import numpy as np
from keras.src.legacy.saving import legacy_h5_format
from keras.src.saving import saving_lib

OUT = "src/test/resources/keras/weights"
TRAIN_IMAGES = 3000
TEST_IMAGES = 100


def read_idx(path):
    with open(path, "rb") as f:
        magic = struct.unpack(">i", f.read(4))[0]
        dims = struct.unpack(">" + "i" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def mnist(kind, count):
    images = read_idx(f"data/mnist/{kind}-images-idx3-ubyte")[:count]
    labels = read_idx(f"data/mnist/{kind}-labels-idx1-ubyte")[:count]
    return images.reshape(-1, 28, 28, 1).astype("float32"), labels.astype("int32")


def seq_cnn():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(6, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ], name="seq_cnn")


def func_cnn():
    inputs = keras.Input((28, 28, 1), name="image")
    x = keras.layers.Rescaling(1 / 255)(inputs)
    a = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(x)
    a = keras.layers.BatchNormalization()(a)
    b = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(a)
    x = keras.layers.Add()([a, b])
    x = keras.layers.MaxPooling2D(2)(x)
    c = keras.layers.Conv2D(4, 1, activation="relu")(x)
    x = keras.layers.Concatenate()([x, c])
    block = keras.Sequential([
        keras.layers.Conv2D(8, 3, strides=2, activation="relu"),
        keras.layers.BatchNormalization(),
    ], name="block")
    x = block(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="func_cnn")


def save_all(model, name, test_images):
    path = os.path.join(OUT, name)
    model.save(path + ".keras")
    model.save(path + ".h5")
    if name == "seq_cnn":
        # Keras 3.15's public save_model does not take weights_format; its saving_lib (what it calls)
        # does, and writes each layer's variables as a pickled dict that Keras itself then refuses
        # to load (allow_pickle=False): the fixture of a clear error, not of weights.
        saving_lib.save_model(model, path + "-npz.keras", weights_format="npz")
    model.save_weights(path + ".weights.h5")
    # Keras 2's save_weights("m.h5") layout (layer_names at the root, a group per layer), written
    # by the function Keras 3 keeps for it and reads back with model.load_weights("m.h5").
    with h5py.File(path + ".legacy-weights.h5", "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    with open(path + ".json", "w") as f:
        f.write(model.to_json())
    probabilities = model.predict(test_images, verbose=0)
    with open(path + ".predictions.json", "w") as f:
        json.dump({
            "images": f"the first {TEST_IMAGES} MNIST test images (t10k-images-idx3-ubyte)",
            "input_range": "0-255" if name == "func_cnn" else "0-1",
            "keras_version": keras.__version__,
            "probabilities": [[float(p) for p in row] for row in probabilities],
        }, f)


def main():
    os.makedirs(OUT, exist_ok=True)
    keras.utils.set_random_seed(23)
    train_x, train_y = mnist("train", TRAIN_IMAGES)
    test_x, _ = mnist("t10k", TEST_IMAGES)
    for name, build, scale in (("seq_cnn", seq_cnn, 1 / 255), ("func_cnn", func_cnn, 1.0)):
        model = build()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(train_x * np.float32(scale), train_y, batch_size=64, epochs=4, verbose=2)
        save_all(model, name, test_x * np.float32(scale))
    with open(os.path.join(OUT, "seq_cnn.keras"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "seq_cnn-truncated.keras"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with h5py.File(os.path.join(OUT, "not-keras.h5"), "w") as f:
        f.create_dataset("temperatures", data=np.arange(12, dtype="float32").reshape(3, 4))
        f.attrs["instrument"] = "thermometer"


if __name__ == "__main__":
    main()
