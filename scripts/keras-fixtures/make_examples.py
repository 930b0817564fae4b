"""Writes the MNIST example models under examples/keras-models/ with real Keras (untrained, compiled).

Run from the repository root: python3 scripts/keras-fixtures/make_examples.py
It creates .venv-keras (tensorflow-cpu 2.21.0, keras 3.15.1, h5py) when it is missing and re-runs
itself there. For each model it writes NAME.json (model.to_json()) and NAME.keras (model.save(),
config and metadata only: the runner initialises the weights as Keras would).
  mnist-residual-cnn: a Functional residual CNN, Conv2D + BatchNormalization + Add blocks and a
    GlobalAveragePooling2D head.
  mnist-tutorial-cnn: the TensorFlow image-classification tutorial's model (its augmentation a
    nested Sequential of RandomFlip, RandomRotation and RandomZoom, then Rescaling(1./255)) for
    28x28x1 digits.
"""
import os
import subprocess
import sys
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV = os.path.join(ROOT, ".venv-keras")
PY = os.path.join(VENV, "bin", "python")
OUT = os.path.join(ROOT, "examples", "keras-models")

if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
    if not os.path.exists(PY):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "--retries", "0",
                               "tensorflow-cpu==2.21.0", "keras==3.15.1", "h5py", "tensorboard"])
    os.execv(PY, [PY] + sys.argv)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__


def residual_block(x, filters):
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    return layers.Activation("relu")(layers.Add()([x, y]))


def residual_cnn():
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(32, 3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = residual_block(x, 32)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(64, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = residual_block(x, 64)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mnist_residual_cnn")


def tutorial_cnn():
    """https://www.tensorflow.org/tutorials/images/classification's model with its augmentation, 28x28x1."""
    data_augmentation = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(0.1),
        layers.RandomZoom(0.1),
    ], name="data_augmentation")
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        data_augmentation,
        layers.Rescaling(1. / 255),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Dropout(0.2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="mnist_tutorial_cnn")


def save(model, name):
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        f.write(model.to_json() + "\n")
    path = os.path.join(OUT, name + ".keras")
    model.save(path)
    with zipfile.ZipFile(path) as z:  # the weights are left out: they are Keras's random initial values
        kept = {n: z.read(n) for n in z.namelist() if n in ("config.json", "metadata.json")}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for entry, data in kept.items():
            z.writestr(entry, data)
    print(name, model.count_params(), flush=True)


os.makedirs(OUT, exist_ok=True)
for make, name in ((residual_cnn, "mnist-residual-cnn"), (tutorial_cnn, "mnist-tutorial-cnn")):
    keras.backend.clear_session()  # Keras's automatic layer names start again for each model
    save(make(), name)
