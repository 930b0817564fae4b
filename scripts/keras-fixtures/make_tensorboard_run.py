#!/usr/bin/env python3
"""Trains real Keras 3 with keras.callbacks.TensorBoard(histogram_freq=1, write_graph=True, write_images=True)
on a small MNIST subset and describes what the callback wrote, for tfj's TensorBoard tests.

Two models: the built-in `batchnorm` network (its Keras config, src/main/resources/models/batchnorm.json,
a Sequential with BatchNormalization, so non-trainable weights too) and a small Functional CNN. Each is
fit for 2 epochs on the first 800 MNIST training images, validated on the next 200, batch 32 (25 steps).

Writes, per model NAME:
  <logdir>/NAME/{train,validation}/events...  Keras's own event files (for check-tensorboard.sh and
                                               screenshots; default logdir target/keras-tensorboard)
  <logdir>/NAME/history.json                  Keras's History in tfj's history.json form
  src/test/resources/tensorboard/keras-NAME.json
      what Keras wrote: per run directory (train, validation) the number of events files, the steps of
      graph_def events, and per tag its steps, summary kind (always a tensor), dtype, shape, plugin name,
      plugin content and data class (identical at every step, checked here), for images the PNGs' size,
      count and colour type, and for the `keras` tag the model JSON. Values are left out: they differ
      from tfj's.
and once:
  src/test/resources/tensorboard/keras-summary-examples.json
      values in, values out, for small inputs: the buckets of tf.summary.histogram (TensorBoard's own
      bucketing) and the images the callback's _log_weight_as_image draws of a bias, a dense kernel and
      a convolution kernel (decoded PNG pixels).

Usage: python3 scripts/keras-fixtures/make_tensorboard_run.py [--logdir DIR]
Runs itself in .venv-keras, creating it (pip, by name) when it is missing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-keras"
PACKAGES = ["tensorflow-cpu==2.21.0", "keras==3.15.1", "h5py", "tensorboard"]
EPOCHS = 2
BATCH_SIZE = 32
TRAIN_IMAGES = 800
VALIDATION_IMAGES = 200
SEED = 1


def in_venv():
    """Re-runs this script with the venv's Python unless it already is that Python."""
    python = VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        print(f"creating {VENV} (pip install {' '.join(PACKAGES)})", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "--retries", "0", *PACKAGES], check=True)
    os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def idx(path):
    import numpy as np
    data = path.read_bytes()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)


def mnist_subset():
    import keras
    mnist = ROOT / "data" / "mnist"
    count = TRAIN_IMAGES + VALIDATION_IMAGES
    x = idx(mnist / "train-images-idx3-ubyte")[:count].astype("float32")[..., None] / 255.0
    y = keras.utils.to_categorical(idx(mnist / "train-labels-idx1-ubyte")[:count], 10)
    return (x[:TRAIN_IMAGES], y[:TRAIN_IMAGES]), (x[TRAIN_IMAGES:], y[TRAIN_IMAGES:])


def models():
    import keras
    from keras import layers
    sequential = keras.models.model_from_json((ROOT / "src/main/resources/models/batchnorm.json").read_text())
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    functional = keras.Model(inputs, outputs, name="functional_cnn")
    return {"batchnorm": (sequential, "src/main/resources/models/batchnorm.json"),
            "functional": (functional, "built in " + Path(__file__).relative_to(ROOT).as_posix())}


def png_info(png):
    """Width, height and colour type (0 gray, 2 RGB, 4 gray+alpha, 6 RGBA) from a PNG's IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"), png[25]


def event_files(run_dir):
    return sorted(run_dir.glob("events.out.tfevents.*"))


def read_events(run_dir):
    import tensorflow as tf
    from tensorflow.core.util import event_pb2
    for file in event_files(run_dir):
        for record in tf.data.TFRecordDataset(str(file)):
            yield event_pb2.Event.FromString(record.numpy())


def describe_run(run_dir):
    from tensorflow.core.framework import types_pb2
    tags = {}
    graph_steps = []
    for event in read_events(run_dir):
        kind = event.WhichOneof("what")
        if kind == "graph_def":
            graph_steps.append(event.step)
            continue
        if kind != "summary":
            assert kind == "file_version", kind
            continue
        assert len(event.summary.value) == 1, "one value per event"
        value = event.summary.value[0]
        tensor = value.tensor
        metadata = value.metadata
        entry = {
            "kind": value.WhichOneof("value"),
            "dtype": types_pb2.DataType.Name(tensor.dtype),
            "shape": [d.size for d in tensor.tensor_shape.dim],
            "plugin": metadata.plugin_data.plugin_name,
            "content": metadata.plugin_data.content.decode("latin-1"),
            "data_class": metadata.data_class,
        }
        if entry["plugin"] == "images":
            width, height, *pngs = tensor.string_val
            infos = {png_info(p) for p in pngs}
            assert len(infos) == 1, infos
            png_width, png_height, color_type = infos.pop()
            assert (png_width, png_height) == (int(width), int(height))
            entry["images"] = {"width": int(width), "height": int(height), "count": len(pngs),
                               "png_color_type": color_type}
        if value.tag == "keras":
            entry["model_json"] = tensor.string_val[0].decode()
        previous = tags.get(value.tag)
        if previous is None:
            tags[value.tag] = {**entry, "steps": [event.step]}
        else:
            seen = {k: v for k, v in previous.items() if k != "steps"}
            assert seen == entry, f"{value.tag} differs between steps: {seen} vs {entry}"
            previous["steps"].append(event.step)
    return {"event_files": len(event_files(run_dir)), "graph_def_steps": graph_steps,
            "tags": dict(sorted(tags.items()))}


def summary_examples(log_dir):
    """tf.summary.histogram's buckets and the callback's weight images for small known inputs."""
    import keras
    import numpy as np
    import tensorflow as tf
    rng = np.random.default_rng(SEED)
    histograms = [rng.normal(size=50).astype("float32"), np.array([0, 1, 2, 3], "float32"),
                  np.full(5, 0.25, "float32")]
    weights = {"bias": rng.uniform(-0.5, 1.5, size=(4,)), "dense_kernel": rng.uniform(-0.5, 1.5, size=(5, 3)),
               "conv_kernel": rng.uniform(-0.5, 1.5, size=(2, 3, 1, 4))}
    weights = {name: w.astype("float32") for name, w in weights.items()}
    shutil.rmtree(log_dir, ignore_errors=True)
    writer = tf.summary.create_file_writer(str(log_dir))
    callback = keras.callbacks.TensorBoard(str(log_dir))
    with writer.as_default():
        for i, values in enumerate(histograms):
            tf.summary.histogram(f"histogram_{i}", values, step=0)
        for name, w in weights.items():
            callback._log_weight_as_image(tf.constant(w), name, 0)
    writer.close()
    written = {v.tag: v.tensor for event in read_events(log_dir) for v in event.summary.value}
    images = []
    for name, w in weights.items():
        width, height, *pngs = written[name].string_val
        images.append({"shape": list(w.shape), "values": w.ravel().tolist(), "width": int(width),
                       "height": int(height),
                       "pngs": [tf.io.decode_png(p).numpy()[..., 0].tolist() for p in pngs]})
    return {
        "generator": Path(__file__).relative_to(ROOT).as_posix(),
        "histograms": [{"values": values.tolist(),
                        "buckets": tf.make_ndarray(written[f"histogram_{i}"]).tolist()}
                       for i, values in enumerate(histograms)],
        "weight_images": images,
    }


def main():
    in_venv()
    parser = argparse.ArgumentParser()
    parser.add_argument("--logdir", type=Path, default=ROOT / "target" / "keras-tensorboard")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorboard
    import tensorflow as tf

    (x_train, y_train), validation = mnist_subset()
    fixtures = ROOT / "src" / "test" / "resources" / "tensorboard"
    fixtures.mkdir(parents=True, exist_ok=True)
    for name, (model, source) in models().items():
        keras.utils.set_random_seed(SEED)
        log_dir = args.logdir / name
        shutil.rmtree(log_dir, ignore_errors=True)
        model.compile(optimizer=keras.optimizers.RMSprop(), loss="categorical_crossentropy", metrics=["accuracy"])
        callback = keras.callbacks.TensorBoard(str(log_dir), histogram_freq=1, write_graph=True, write_images=True)
        history = model.fit(x_train, y_train, validation_data=validation, epochs=EPOCHS, batch_size=BATCH_SIZE,
                            shuffle=True, verbose=2, callbacks=[callback])
        epochs = [{"epoch": e, "logs": {k: float(v[e]) for k, v in history.history.items()}}
                  for e in range(len(history.epoch))]
        (log_dir / "history.json").write_text(json.dumps({"epochs": epochs, "stopReason": "completed"}, indent=2))
        description = {
            "generator": Path(__file__).relative_to(ROOT).as_posix(),
            "versions": {"keras": keras.__version__, "tensorflow": tf.__version__,
                         "tensorboard": tensorboard.__version__},
            "callback": "keras.callbacks.TensorBoard(log_dir, histogram_freq=1, write_graph=True, write_images=True)",
            "fit": {"epochs": EPOCHS, "batch_size": BATCH_SIZE, "train_images": TRAIN_IMAGES,
                    "validation_images": VALIDATION_IMAGES,
                    "steps_per_epoch": -(-TRAIN_IMAGES // BATCH_SIZE)},
            "model": {"class_name": type(model).__name__, "name": model.name, "source": source},
            "runs": {run: describe_run(log_dir / run) for run in ("train", "validation")},
        }
        out = fixtures / f"keras-{name}.json"
        out.write_text(json.dumps(description, indent=1) + "\n")
        print(f"{out.relative_to(ROOT)}: {sum(len(r['tags']) for r in description['runs'].values())} tags; "
              f"logs in {log_dir}")
    examples = fixtures / "keras-summary-examples.json"
    examples.write_text(json.dumps(summary_examples(args.logdir / "examples"), indent=1) + "\n")
    print(f"{examples.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
