"""The Keras side of `tfj bench --vs-keras`: the same measurements as tfj's bench, with real Keras 3.

tfj writes a request (JSON): the model as Keras's model.to_json() writes it, the bench's images
(float32, NHWC, the pixels tfj trains on) and labels (int32), and what to measure (batch sizes,
warm-up steps, repeats, the fit loop's epochs and steps). This script builds the model with
keras.models.model_from_json, compiles it as tfj trains (RMSprop lr 0.001, rho 0.9, epsilon 1e-8;
cross-entropy; accuracy), times it the way tfj's bench times its own model, and writes the figures
as JSON. Usage: python keras_bench.py REQUEST.json RESULT.json
"""

import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402


def timing(warmup, repeats, action):
    """Median, min, max and p99 (nearest rank) of `repeats` timed calls after `warmup` untimed ones, in ms."""
    for _ in range(warmup):
        action()
    ms = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        ms.append((time.perf_counter() - start) * 1e3)
    ordered = sorted(ms)
    p99 = ordered[max(0, -(-99 * len(ordered) // 100) - 1)]
    return {"repeats": repeats, "median_ms": statistics.median(ms), "min_ms": ordered[0], "max_ms": ordered[-1],
            "p99_ms": p99}


class LoopProbe(keras.callbacks.Callback):
    """Times each epoch's batch loop, first batch begins to last batch ends, as tfj's bench does."""

    def __init__(self):
        super().__init__()
        self.epochs_ms = []
        self.start = self.end = 0.0

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.end = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_ms.append((self.end - self.start) * 1e3)


def main(request_file, result_file):
    with open(request_file) as f:
        req = json.load(f)
    h, w, c = req["shape"]
    n = req["count"]
    x = np.fromfile(req["images"], dtype="<f4").reshape(n, h, w, c)
    labels = np.fromfile(req["labels"], dtype="<i4")
    classes = req["classes"]
    keras.utils.set_random_seed(req["seed"])

    model = keras.models.model_from_json(open(req["model"]).read())
    binary = model.output_shape[-1] == 1
    y = labels.astype("float32").reshape(-1, 1) if binary else keras.utils.to_categorical(labels, classes)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, epsilon=1e-8),
                  loss="binary_crossentropy" if binary else "categorical_crossentropy", metrics=["accuracy"])

    result = {"keras": keras.__version__, "tensorflow": tf.__version__, "python": sys.version.split()[0],
              "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS") != "0", "train_steps": [], "evaluation": []}

    for batch in req["batch_sizes"]:
        xb, yb = x[:batch], y[:batch]
        t = timing(req["warmup_steps"], req["repeats"], lambda: model.train_on_batch(xb, yb))
        result["train_steps"].append({"batch_size": batch, "timing": t, "samples_per_second": batch / (t["median_ms"] / 1e3)})

    m = req["eval_images"]
    for batch in req["eval_batch_sizes"]:
        t = timing(1, req["eval_repeats"], lambda: model.evaluate(x[:m], y[:m], batch_size=batch, verbose=0))
        result["evaluation"].append({"batch_size": batch, "images": m, "timing": t, "images_per_second": m / (t["median_ms"] / 1e3)})

    fit_batch, steps = req["fit_batch_size"], req["fit_steps_per_epoch"]
    train_count = fit_batch * steps
    val = slice(train_count, train_count + req["validation_images"])
    probe = LoopProbe()
    model.fit(x[:train_count], y[:train_count], batch_size=fit_batch, epochs=req["fit_epochs"], shuffle=True,
              validation_data=(x[val], y[val]), validation_batch_size=1000, verbose=0, callbacks=[probe])
    measured = probe.epochs_ms[1:] or probe.epochs_ms
    loop_ms = sum(measured)
    result["fit_loop"] = {"batch_size": fit_batch, "steps_per_epoch": steps, "measured_epochs": len(measured),
                          "samples_per_second": len(measured) * train_count / (loop_ms / 1e3),
                          "step_ms": loop_ms / (len(measured) * steps), "epochs_ms": probe.epochs_ms}

    # Serving: predict on one batch as Keras users do, and batch 1 through a tf.function (what a
    # Python server calls; model.predict on one image mostly measures its own set-up).
    k = req["throughput_batch"]
    many = x[:k]
    t = timing(2, req["throughput_repeats"], lambda: model.predict(many, batch_size=k, verbose=0))
    result["predict"] = {"batch_size": k, "timing": t, "images_per_second": k / (t["median_ms"] / 1e3)}
    serve = tf.function(lambda images: model(images, training=False))
    one = tf.constant(x[:1])
    calls = req["latency_calls"]
    result["batch1"] = timing(max(1, calls // 10), calls, lambda: serve(one).numpy())

    with open(result_file, "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: keras_bench.py REQUEST.json RESULT.json")
    main(sys.argv[1], sys.argv[2])
