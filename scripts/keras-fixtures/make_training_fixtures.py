"""Writes the training fixtures of src/test/resources/keras/training/ with real Keras.

digits_cnn.keras: a small digits CNN (Conv2D, BatchNormalization, MaxPooling2D, Conv2D, Flatten,
Dense) trained by Keras for 2 epochs on the 60,000 MNIST training images
(pixels / 255), for the transfer-learning test (fine-tuned on Fashion-MNIST by tfj with
--freeze conv2d_1 --new-head 10).

parity_cnn.keras: a small Sequential CNN (Conv2D, BatchNormalization, MaxPooling2D, Flatten, Dense;
no Dropout, so a training step has no randomness) with Keras's seeded initial weights.

parity_cnn.steps.json: for SGD (momentum 0.9, nesterov), Adam and RMSprop, the loss of each of 20
training steps and the weights after them, Keras 3 training from parity_cnn.keras on the first
20 x 32 MNIST training images (pixels / 255) in order: each step is Keras's own train_step
(forward pass in training mode, sparse categorical cross-entropy, optimizer.apply), so the loss is
the one computed before that step's update.

transfer_frozen.keras, frozen_layer.keras: models frozen the Keras way, for honouring
`trainable: false`. transfer_frozen is the transfer-learning pattern: a small Functional CNN `base`
(Conv2D, BatchNormalization, MaxPooling2D, Conv2D), trained on MNIST, then `base.trainable = False`
and called as `base(inputs, training=False)` under a new GlobalAveragePooling2D + Dense head.
frozen_layer is a Sequential CNN, trained on MNIST, whose BatchNormalization alone is then set
`trainable = False`. frozen.steps.json: for each, Keras's parameter counts (count_params, trainable
and non-trainable weights) and, as for parity_cnn, the loss of each of 10 SGD (momentum 0.9) steps
(Keras's train_step on the next 10 x 32 MNIST training images) and the weights after them.

Run through make_training_fixtures.sh, which creates the virtualenv when it is missing; arguments
(digits, parity, frozen) write only those fixtures.
"""

import sys

import json

import keras
import numpy as np
import tensorflow as tf
from make_weights import read_idx  # the script beside this one

OUT = "src/test/resources/keras/training"
STEPS = 20
FROZEN_STEPS = 10
BATCH = 32

OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True),
    "adam": lambda: keras.optimizers.Adam(learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
    "rmsprop": lambda: keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-7),
}


def small_cnn(name, seed):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(4, 3, strides=2, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ], name=name)


def digits_cnn():
    keras.utils.set_random_seed(11)
    m = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        # No pooling after the last convolution: a new head on its 7,744 features learns Fashion-MNIST
        # from 1,800 images better than on the 1,600 a second pooling leaves (0.83 against 0.82 in Keras).
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits_cnn")
    x, y = mnist(0, 60000)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=2, batch_size=64, verbose=2)
    # Compiled afresh: the file keeps its compile_config but not the optimizer's slots (a smaller fixture).
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.save(f"{OUT}/digits_cnn.keras")


def mnist(start, count):
    x = read_idx("data/mnist/train-images-idx3-ubyte")[start:start + count].astype("float32")[..., None] / 255.0
    y = read_idx("data/mnist/train-labels-idx1-ubyte")[start:start + count].astype("int32")
    return x, y


def transfer_frozen(x, y):
    keras.utils.set_random_seed(13)
    base_in = keras.Input((28, 28, 1))
    h = keras.layers.Conv2D(8, 3, activation="relu")(base_in)
    h = keras.layers.BatchNormalization()(h)
    h = keras.layers.MaxPooling2D(2)(h)
    h = keras.layers.Conv2D(16, 3, activation="relu")(h)
    base = keras.Model(base_in, h, name="base")
    pretrain = keras.Sequential([base, keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
    pretrain.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    pretrain.fit(x, y, epochs=1, batch_size=32, verbose=0)  # moving statistics away from 0 and 1
    base.trainable = False
    inputs = keras.Input((28, 28, 1))
    h = base(inputs, training=False)
    h = keras.layers.GlobalAveragePooling2D()(h)
    outputs = keras.layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs, name="transfer_frozen")


def frozen_layer(x, y):
    m = small_cnn("frozen_layer", 17)
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    m.fit(x, y, epochs=1, batch_size=32, verbose=0)
    m.layers[1].trainable = False
    return m


def frozen():
    pretrain_x, pretrain_y = mnist(0, 1000)
    x, y = mnist(1000, FROZEN_STEPS * BATCH)
    out = {"keras_version": keras.__version__, "tensorflow_version": tf.__version__, "steps": FROZEN_STEPS,
           "batch_size": BATCH, "optimizer": {"learning_rate": 0.05, "momentum": 0.9},
           "images": "MNIST training images 1000 to 1319 (train-images-idx3-ubyte) / 255, in order", "models": {}}
    for make in (transfer_frozen, frozen_layer):
        keras.backend.clear_session()  # Keras's automatic names start again for each model
        m = make(pretrain_x, pretrain_y)
        m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")  # the file's compile_config
        m.save(f"{OUT}/{m.name}.keras")
        entry = {"total": m.count_params(),
                 "trainable": sum(int(np.prod(w.shape)) for w in m.trainable_weights),
                 "non_trainable": sum(int(np.prod(w.shape)) for w in m.non_trainable_weights)}
        entry.update(train_steps(m, keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), x, y, FROZEN_STEPS))
        out["models"][m.name] = entry
    with open(f"{OUT}/frozen.steps.json", "w") as f:
        json.dump(out, f)


def train_steps(m, optimizer, x, y, steps):
    """Keras's train_step, step by step: the loss before each update, and every variable after the
    last in the model's order (kernel, bias, gamma, beta, moving mean, moving variance, ...; a nested
    model's in its place)."""
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    losses = []
    for step in range(steps):
        xb, yb = x[step * BATCH:(step + 1) * BATCH], y[step * BATCH:(step + 1) * BATCH]
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, m(xb, training=True))
        grads = tape.gradient(loss, m.trainable_variables)
        optimizer.apply(grads, m.trainable_variables)
        losses.append(float(loss))
    return {"losses": losses, "final_weights": [np.asarray(v).reshape(-1).tolist() for v in m.weights]}


def parity():
    x = read_idx("data/mnist/train-images-idx3-ubyte")[: STEPS * BATCH].astype("float32")[..., None] / 255.0
    y = read_idx("data/mnist/train-labels-idx1-ubyte")[: STEPS * BATCH].astype("int32")
    start = small_cnn("parity_cnn", 7)
    start.save(f"{OUT}/parity_cnn.keras")
    out = {"keras_version": keras.__version__, "tensorflow_version": tf.__version__, "steps": STEPS, "batch_size": BATCH,
           "images": "the first 640 MNIST training images (train-images-idx3-ubyte) / 255, in order", "optimizers": {}}
    for name, make in OPTIMIZERS.items():
        m = keras.saving.load_model(f"{OUT}/parity_cnn.keras", compile=False)
        optimizer = make()
        out["optimizers"][name] = {
            "config": {k: v for k, v in optimizer.get_config().items()
                       if k in ("learning_rate", "momentum", "nesterov", "beta_1", "beta_2", "epsilon", "rho")},
            **train_steps(m, optimizer, x, y, STEPS),
        }
    with open(f"{OUT}/parity_cnn.steps.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    fixtures = {"digits": digits_cnn, "parity": parity, "frozen": frozen}
    for name in sys.argv[1:] or fixtures:
        fixtures[name]()
