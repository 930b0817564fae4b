"""Writes the training fixtures of src/test/resources/keras/training/ with real Keras.

digits_cnn.keras: a small digits CNN (Conv2D, BatchNormalization, MaxPooling2D, Conv2D,
MaxPooling2D, Flatten, Dense) trained by Keras for 2 epochs on the first 10,000 MNIST training
images (pixels / 255), for the transfer-learning test (fine-tuned on Fashion-MNIST by tfj with
--freeze conv2d_1 --new-head 10).

parity_cnn.keras: a small Sequential CNN (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense;
no Dropout, so a training step has no randomness) with Keras's seeded initial weights.

parity_cnn.steps.json: for SGD (momentum 0.9, nesterov), Adam and RMSprop, the loss of each of 20
training steps and the weights after them, Keras 3 training from parity_cnn.keras on the first
20 x 32 MNIST training images (pixels / 255) in order: each step is Keras's own train_step
(forward pass in training mode, sparse categorical cross-entropy, optimizer.apply), so the loss is
the one computed before that step's update.

Run through make_training_fixtures.sh, which creates the virtualenv when it is missing.
"""

import json

import keras
import numpy as np
import tensorflow as tf
from make_weights import read_idx  # the script beside this one

OUT = "src/test/resources/keras/training"
STEPS = 20
BATCH = 32

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),
    "adam": lambda: keras.optimizers.Adam(learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
    "rmsprop": lambda: keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7),
}


def model():
    keras.utils.set_random_seed(7)
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(4, 3, strides=2, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ], name="parity_cnn")


def digits_cnn():
    keras.utils.set_random_seed(11)
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits_cnn")
    x = read_idx("data/mnist/train-images-idx3-ubyte")[:10000].astype("float32")[..., None] / 255.0
    y = read_idx("data/mnist/train-labels-idx1-ubyte")[:10000].astype("int32")
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=2, batch_size=64, verbose=2)
    # Compiled afresh: the file keeps its compile_config but not the optimizer's slots (a smaller fixture).
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.save(f"{OUT}/digits_cnn.keras")


def main():
    digits_cnn()
    x = read_idx("data/mnist/train-images-idx3-ubyte")[: STEPS * BATCH].astype("float32")[..., None] / 255.0
    y = read_idx("data/mnist/train-labels-idx1-ubyte")[: STEPS * BATCH].astype("int32")
    start = model()
    start.save(f"{OUT}/parity_cnn.keras")
    out = {"keras_version": keras.__version__, "tensorflow_version": tf.__version__, "steps": STEPS, "batch_size": BATCH,
           "images": "the first 640 MNIST training images (train-images-idx3-ubyte) / 255, in order", "optimizers": {}}
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    for name, make in OPTIMIZERS.items():
        m = keras.saving.load_model(f"{OUT}/parity_cnn.keras", compile=False)
        optimizer = make()
        losses = []
        for step in range(STEPS):
            xb, yb = x[step * BATCH:(step + 1) * BATCH], y[step * BATCH:(step + 1) * BATCH]
            with tf.GradientTape() as tape:
                loss = loss_fn(yb, m(xb, training=True))
            grads = tape.gradient(loss, m.trainable_variables)
            optimizer.apply(grads, m.trainable_variables)
            losses.append(float(loss))
        out["optimizers"][name] = {
            "config": {k: v for k, v in optimizer.get_config().items()
                       if k in ("learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho")},
            "losses": losses,
            # every variable in the model's order (kernel, bias, gamma, beta, moving mean, moving variance, ...)
            "final_weights": [np.asarray(v).reshape(-1).tolist() for v in m.weights],
        }
    with open(f"{OUT}/parity_cnn.steps.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
