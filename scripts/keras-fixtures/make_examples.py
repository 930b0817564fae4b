"""Writes the MNIST example models under examples/keras-models/ with real Keras (untrained, compiled).

Run from the repository root: python3 scripts/keras-fixtures/make_examples.py
It creates .venv-keras (tensorflow-cpu 2.21.0, keras 3.15.1, h5py) when it is missing and re-runs
itself there. For each model it writes NAME.json (model.to_json(), compile config included): the
runner initialises the weights as Keras would. Both reach 98.5% test accuracy on MNIST in 2 epochs
at batch size 64 in real Keras 3.15.1 (0.9883 and 0.9887 on an AMD EPYC Zen 5) and in tfj-runner.
  mnist-residual-cnn: a Functional residual CNN, Conv2D + BatchNormalization + Add blocks in three
    stages (32, 64, 128 filters) and a GlobalAveragePooling2D head. BatchNormalization momentum 0.9,
    as ResNet implementations use: with Keras's default 0.99 the moving statistics trail the weights
    so far in the first epochs that Keras itself scores 0.92 after 2 epochs.
  mnist-tutorial-cnn: the TensorFlow image-classification tutorial's model (its augmentation a
    nested Sequential, then Rescaling(1./255), so it takes 0-255 pixel values) for 28x28x1 digits:
    no RandomFlip (a mirrored digit is not that digit), RandomRotation and RandomZoom of 0.05.
"""
import os

import keras_venv

ROOT = keras_venv.ROOT
OUT = os.path.join(ROOT, "examples", "keras-models")

keras_venv.run_in_venv()

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
from keras import layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__


def conv_bn_relu(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization(momentum=0.9)(x)
    return layers.Activation("relu")(x)


def residual_block(x, filters):
    y = conv_bn_relu(x, filters)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization(momentum=0.9)(y)
    return layers.Activation("relu")(layers.Add()([x, y]))


def residual_cnn():
    inputs = keras.Input((28, 28, 1))
    x = conv_bn_relu(inputs, 32)
    x = layers.MaxPooling2D(2)(x)
    x = residual_block(x, 32)
    x = layers.MaxPooling2D(2)(x)
    x = conv_bn_relu(x, 64)
    x = residual_block(x, 64)
    x = layers.MaxPooling2D(2)(x)
    x = conv_bn_relu(x, 128)
    x = residual_block(x, 128)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mnist_residual_cnn")


def tutorial_cnn():
    """https://www.tensorflow.org/tutorials/images/classification's model with its augmentation, 28x28x1."""
    data_augmentation = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.RandomRotation(0.05),
        layers.RandomZoom(0.05),
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
    print(name, model.count_params(), flush=True)


os.makedirs(OUT, exist_ok=True)
for make, name in ((residual_cnn, "mnist-residual-cnn"), (tutorial_cnn, "mnist-tutorial-cnn")):
    keras.backend.clear_session()  # Keras's automatic layer names start again for each model
    save(make(), name)
