#!/usr/bin/env python3
"""Writes src/test/resources/keras/layers/<Class>.json with real Keras 3: for each layer config,
the config as keras.layers.serialize writes it, a fixed input, the weights in Keras's order and
the output Keras computes in inference mode, plus the output shape and parameter counts.
LayerOutputsTest compares tfj-runner's layers with them.

Run from the repository root:  scripts/keras-fixtures/make_layer_outputs.py
Run by a Python without Keras 3.15.1, it creates .venv-keras (tensorflow-cpu 2.21.0, keras 3.15.1)
when that is missing and re-runs itself there.
"""
import json
import os
import subprocess
import sys
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
VENV = os.path.join(ROOT, ".venv-keras")
PYTHON = os.path.join(VENV, "bin", "python")
OUT = os.path.join(ROOT, "src", "test", "resources", "keras", "layers")


def ensure_venv():
    """Runs in this Python when it has Keras 3.15.1 (e.g. an existing .venv-keras), else in .venv-keras."""
    try:
        import keras
        if keras.__version__ == "3.15.1":
            return
    except ImportError:
        pass
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        sys.exit("keras 3.15.1 is not installed in " + VENV)
    if not os.path.exists(PYTHON):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([os.path.join(VENV, "bin", "pip"), "install", "--retries", "0",
                               "tensorflow-cpu==2.21.0", "keras==3.15.1", "h5py", "tensorboard"])
    os.execv(PYTHON, [PYTHON] + sys.argv)


os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ensure_venv()
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers as L  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(1234)

IMAGE = (2, 9, 9, 3)

# (layer, input shape, input kind) per case; kinds: normal (sd 1), wide (uniform -5..5), pixels (0..255)
CASES = {
    "DepthwiseConv2D": [
        (lambda: L.DepthwiseConv2D(3), IMAGE, "normal"),
        (lambda: L.DepthwiseConv2D(3, strides=2, padding="same"), IMAGE, "normal"),
        (lambda: L.DepthwiseConv2D(3, depth_multiplier=2, dilation_rate=2, padding="same"), IMAGE, "normal"),
        (lambda: L.DepthwiseConv2D((2, 3), depth_multiplier=3, use_bias=False, activation="relu6"), IMAGE, "wide"),
    ],
    "SeparableConv2D": [
        (lambda: L.SeparableConv2D(4, 3), IMAGE, "normal"),
        (lambda: L.SeparableConv2D(5, 3, strides=2, padding="same", depth_multiplier=2), IMAGE, "normal"),
        (lambda: L.SeparableConv2D(4, 3, dilation_rate=2, activation="relu", use_bias=False), IMAGE, "normal"),
    ],
    "Conv2DTranspose": [
        (lambda: L.Conv2DTranspose(4, 3), IMAGE, "normal"),
        (lambda: L.Conv2DTranspose(4, 3, strides=2, padding="same"), IMAGE, "normal"),
        (lambda: L.Conv2DTranspose(2, 3, strides=2), IMAGE, "normal"),
        (lambda: L.Conv2DTranspose(3, 3, strides=2, padding="same", output_padding=1), IMAGE, "normal"),
        (lambda: L.Conv2DTranspose(2, (2, 3), strides=(2, 1), activation="relu"), IMAGE, "normal"),
    ],
    "Conv2D": [
        (lambda: L.Conv2D(6, 3, groups=3), IMAGE, "normal"),
        (lambda: L.Conv2D(4, 3, groups=2, strides=2, padding="same"), (2, 7, 7, 4), "normal"),
        (lambda: L.Conv2D(4, 2, groups=4, dilation_rate=2, use_bias=False), (2, 7, 7, 4), "normal"),
    ],
    "UpSampling2D": [
        (lambda: L.UpSampling2D(), IMAGE, "normal"),
        (lambda: L.UpSampling2D((2, 3)), IMAGE, "normal"),
        (lambda: L.UpSampling2D(2, interpolation="bilinear"), IMAGE, "normal"),
        (lambda: L.UpSampling2D((3, 2), interpolation="bilinear"), IMAGE, "normal"),
    ],
    "Cropping2D": [
        (lambda: L.Cropping2D(1), IMAGE, "normal"),
        (lambda: L.Cropping2D(((1, 2), (0, 3))), IMAGE, "normal"),
        (lambda: L.Cropping2D((2, 1)), IMAGE, "normal"),
    ],
    "ZeroPadding2D": [
        (lambda: L.ZeroPadding2D(((1, 2), (3, 0))), IMAGE, "normal"),
        (lambda: L.ZeroPadding2D(2), IMAGE, "normal"),
        (lambda: L.ZeroPadding2D((1, 2)), IMAGE, "normal"),
    ],
    "LayerNormalization": [
        (lambda: L.LayerNormalization(), IMAGE, "wide"),
        (lambda: L.LayerNormalization(axis=[1, 2, 3]), IMAGE, "wide"),
        (lambda: L.LayerNormalization(axis=[-3, -2], epsilon=0.1), IMAGE, "wide"),
        (lambda: L.LayerNormalization(center=False), IMAGE, "wide"),
        (lambda: L.LayerNormalization(scale=False), IMAGE, "wide"),
        (lambda: L.LayerNormalization(rms_scaling=True), IMAGE, "wide"),
        (lambda: L.LayerNormalization(), (2, 10), "wide"),
    ],
    "Rescaling": [
        (lambda: L.Rescaling(1.0 / 255), IMAGE, "pixels"),
        (lambda: L.Rescaling(1.0 / 127.5, offset=-1), IMAGE, "pixels"),
        # EfficientNet's ImageNet scaling: one scale per channel.
        (lambda: L.Rescaling([1.0 / 0.229, 1.0 / 0.224, 1.0 / 0.225]), IMAGE, "unit"),
        (lambda: L.Rescaling(np.array([0.5, 2.0, 1.0]), offset=np.array([0.1, 0.2, 0.3])), IMAGE, "unit"),
    ],
    "Normalization": [
        (lambda: L.Normalization(mean=[0.5, -0.25, 1.0], variance=[4.0, 0.25, 1.0]), IMAGE, "normal"),
        (lambda: L.Normalization(mean=0.5, variance=2.0), IMAGE, "normal"),
        (lambda: L.Normalization(mean=np.array([0.485, 0.456, 0.406]), variance=np.array([0.05, 0.05, 0.05])), IMAGE,
         "unit"),
        (lambda: L.Normalization(mean=[0.5, -0.25, 1.0], variance=[4.0, 0.25, 1.0], invert=True), IMAGE, "normal"),
        (lambda: L.Normalization(), IMAGE, "adapt"),
        (lambda: L.Normalization(axis=None), IMAGE, "adapt"),
        (lambda: L.Normalization(axis=(1, 2)), IMAGE, "adapt"),
    ],
    "Resizing": [
        (lambda: L.Resizing(5, 7), IMAGE, "normal"),
        (lambda: L.Resizing(12, 12, interpolation="nearest"), IMAGE, "normal"),
        (lambda: L.Resizing(6, 4, crop_to_aspect_ratio=True), IMAGE, "normal"),
        (lambda: L.Resizing(5, 5, interpolation="bicubic"), IMAGE, "normal"),
        (lambda: L.Resizing(4, 4, interpolation="area"), IMAGE, "normal"),
    ],
    "CenterCrop": [
        (lambda: L.CenterCrop(5, 5), IMAGE, "normal"),
        (lambda: L.CenterCrop(6, 4), IMAGE, "normal"),
        (lambda: L.CenterCrop(9, 4), IMAGE, "normal"),
        (lambda: L.CenterCrop(12, 10), IMAGE, "normal"),
    ],
    "RandomFlip": [
        (lambda: L.RandomFlip(), IMAGE, "pixels"),
        (lambda: L.RandomFlip("horizontal"), IMAGE, "pixels"),
        (lambda: L.RandomFlip("vertical"), IMAGE, "pixels"),
    ],
    "RandomRotation": [
        (lambda: L.RandomRotation(0.2), IMAGE, "pixels"),
        (lambda: L.RandomRotation((-0.1, 0.3), fill_mode="constant", fill_value=7.0, interpolation="nearest"), IMAGE,
         "pixels"),
    ],
    "RandomZoom": [
        (lambda: L.RandomZoom(0.2), IMAGE, "pixels"),
        (lambda: L.RandomZoom((-0.2, 0.3), width_factor=0.1, fill_mode="nearest"), IMAGE, "pixels"),
    ],
    "RandomTranslation": [
        (lambda: L.RandomTranslation(0.1, 0.2), IMAGE, "pixels"),
        (lambda: L.RandomTranslation((-0.2, 0.0), 0.3, fill_mode="wrap", interpolation="nearest"), IMAGE, "pixels"),
    ],
    "RandomContrast": [
        (lambda: L.RandomContrast(0.3), IMAGE, "pixels"),
        (lambda: L.RandomContrast((0.1, 0.5), value_range=(0, 1)), IMAGE, "unit"),
    ],
    "RandomBrightness": [
        (lambda: L.RandomBrightness(0.2), IMAGE, "pixels"),
        (lambda: L.RandomBrightness((-0.1, 0.3), value_range=(0, 1)), IMAGE, "unit"),
    ],
    "Dropout": [
        (lambda: L.Dropout(0.3), IMAGE, "normal"),
        # EfficientNet's drop-connect: whole samples.
        (lambda: L.Dropout(0.5, noise_shape=(None, 1, 1, 1)), IMAGE, "normal"),
        (lambda: L.SpatialDropout2D(0.25), IMAGE, "normal"),
    ],
    "GaussianNoise": [(lambda: L.GaussianNoise(0.5), IMAGE, "normal")],
    "GaussianDropout": [(lambda: L.GaussianDropout(0.3), IMAGE, "normal")],
    "AlphaDropout": [(lambda: L.AlphaDropout(0.2), IMAGE, "normal")],
    "Activation": [(lambda name=name: L.Activation(name), (2, 40), "wide") for name in
                   ["relu6", "hard_sigmoid", "hard_silu", "hard_swish", "gelu", "silu", "swish", "mish",
                    "log_softmax", "elu", "selu", "softplus", "softsign", "tanh", "sigmoid", "softmax"]],
    "ReLU": [
        (lambda: L.ReLU(max_value=6.0), (2, 40), "wide"),
        (lambda: L.ReLU(negative_slope=0.1, threshold=0.5), (2, 40), "wide"),
        (lambda: L.ReLU(max_value=1.5, negative_slope=0.2, threshold=0.25), (2, 40), "wide"),
    ],
    "Identity": [(lambda: L.Identity(), IMAGE, "normal")],
    "Permute": [
        (lambda: L.Permute((2, 1, 3)), (2, 4, 5, 3), "normal"),
        (lambda: L.Permute((3, 1, 2)), (2, 4, 5, 3), "normal"),
    ],
}

RANDOM = {"Dropout", "SpatialDropout2D", "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness",
          "GaussianNoise", "GaussianDropout", "AlphaDropout"}


def make_input(rng, shape, kind):
    if kind == "wide":
        return rng.uniform(-5, 5, shape).astype("float32")
    if kind == "pixels":
        return np.floor(rng.uniform(0, 256, shape)).astype("float32")
    if kind == "unit":
        return rng.uniform(0, 1, shape).astype("float32")
    return rng.normal(0, 1, shape).astype("float32")


def floats(a):
    """float32 values in their shortest decimal form (which reads back as the same float32)."""
    return [float(np.format_float_positional(v, unique=True, trim="-")) for v in np.asarray(a, dtype="float32").ravel()]


def case(rng, make, shape, kind):
    layer = make()
    x = make_input(rng, shape, "normal" if kind == "adapt" else kind)
    if kind == "adapt":
        layer.adapt(rng.normal(0.7, 2.0, (16,) + shape[1:]).astype("float32"))
    else:
        layer.build(shape)
        # Weights other than Keras's initial ones, so biases, betas and statistics count.
        values = []
        for w in layer.weights:
            if "variance" in w.path:
                values.append(rng.uniform(0.5, 2.0, w.shape).astype(w.dtype))
            else:
                values.append((rng.normal(0, 0.5, w.shape) + 0.1).astype(w.dtype))
        layer.set_weights(values)
    y = np.asarray(layer(x, training=False))
    entry = {
        "layer": keras.layers.serialize(layer),
        "input_shape": list(shape),
        "input": floats(x),
        "weights": [{"name": w.name, "shape": list(w.shape), "values": floats(w.numpy())} for w in layer.weights],
        "output_shape": list(y.shape),
        "output": floats(y),
        "params": int(layer.count_params()),
        "trainable_params": int(sum(np.prod(w.shape) for w in layer.trainable_weights)),
    }
    if type(layer).__name__ in RANDOM:
        # Inference is the identity (Java checks what training draws by their properties).
        assert np.array_equal(y, x), type(layer).__name__
    return entry


APPLICATIONS = {
    "MobileNetV2": (96, 96, 3), "MobileNetV3Small": (96, 96, 3), "ResNet50": (64, 64, 3),
    "EfficientNetB0": (64, 64, 3), "DenseNet121": (64, 64, 3), "VGG16": (64, 64, 3), "Xception": (75, 75, 3),
    "InceptionV3": (75, 75, 3), "NASNetMobile": (224, 224, 3), "ConvNeXtTiny": (64, 64, 3),
}


def write_application_layers():
    """The distinct layer configs (up to 8 per class) of keras.applications networks built with weights=None."""
    found = {}
    per_class = {}

    def visit(app, layers):
        for layer in layers:
            if layer["class_name"] in ("Sequential", "Functional"):
                visit(app, layer["config"]["layers"])
            config = dict(layer["config"])
            config.pop("name", None)
            key = layer["class_name"] + json.dumps(config, sort_keys=True)
            if key not in found and per_class.get(layer["class_name"], 0) < 8:
                per_class[layer["class_name"]] = per_class.get(layer["class_name"], 0) + 1
                found[key] = {"application": app, "class_name": layer["class_name"], "config": layer["config"]}

    for app, shape in APPLICATIONS.items():
        model = getattr(keras.applications, app)(weights=None, input_shape=shape)
        visit(app, json.loads(model.to_json())["config"]["layers"])
        keras.backend.clear_session()
    path = os.path.join(OUT, "applications-layers.json")
    with open(path, "w") as f:
        json.dump(list(found.values()), f, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: {len(found)} layer configs, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cases in CASES.items():
        # One generator per file, so adding a case to one file leaves the others' numbers alone.
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        entries = [case(rng, make, shape, kind) for make, shape, kind in cases]
        path = os.path.join(OUT, name + ".json")
        with open(path + ".tmp", "w") as f:
            json.dump({"keras_version": keras.__version__, "cases": entries}, f, separators=(",", ":"))
            f.write("\n")
        os.replace(path + ".tmp", path)
        print(f"{path}: {len(entries)} cases, {os.path.getsize(path)} bytes")
    # A digit classifier using many of the layers, with Keras's parameter counts.
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        L.RandomFlip("horizontal"), L.RandomRotation(0.05), L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1),
        L.RandomContrast(0.2, value_range=(0, 1)), L.RandomBrightness(0.1, value_range=(0, 1)),
        L.Rescaling(2.0, offset=-1.0), L.Normalization(mean=0.0, variance=1.0), L.Resizing(32, 32),
        L.CenterCrop(30, 30), L.Conv2D(8, 3, strides=2, activation="relu6"),
        L.DepthwiseConv2D(3, depth_multiplier=2, padding="same", activation="hard_silu"),
        L.Conv2D(16, 3, groups=4, dilation_rate=2, activation="gelu"), L.LayerNormalization(),
        L.SeparableConv2D(16, 3, activation="mish"), L.GaussianNoise(0.1), L.Conv2DTranspose(8, 3, strides=2),
        L.UpSampling2D(interpolation="bilinear"), L.Cropping2D(((1, 2), (2, 1))), L.ZeroPadding2D(((0, 1), (1, 0))),
        L.MaxPooling2D(4), L.ReLU(max_value=6.0), L.GaussianDropout(0.1), L.Permute((2, 1, 3)), L.Identity(),
        L.Flatten(), L.AlphaDropout(0.1), L.Dense(10, activation="softmax"),
    ], name="many_layers")
    with open(os.path.join(OUT, "many-layers-model.json"), "w") as f:
        json.dump({"model": json.loads(model.to_json()), "params": int(model.count_params()),
                   "trainable_params": int(sum(np.prod(w.shape) for w in model.trainable_weights)),
                   "output_shapes": [list(layer.output.shape[1:]) for layer in model.layers]}, f)
        f.write("\n")
    write_application_layers()
    # A model with a layer tfj-runner refuses (Lambda), for the refusal message.
    model = keras.Sequential([keras.Input((28, 28, 1)), L.Rescaling(1.0 / 255), L.Lambda(lambda x: x * 2.0),
                              L.Flatten(), L.Dense(10, activation="softmax")], name="with_lambda")
    with open(os.path.join(OUT, "refused-lambda.json"), "w") as f:
        f.write(model.to_json() + "\n")


if __name__ == "__main__":
    main()
