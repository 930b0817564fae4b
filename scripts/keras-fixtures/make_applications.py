"""Writes the applications parity set into target/keras-parity/ with real Keras.

For each of MobileNetV2, MobileNetV3Small, MobileNetV3Large, ResNet50, EfficientNetB0 and DenseNet121: the application with random
weights (weights=None, seed 23, 64x64x3 input, 10 classes) saved as NAME.keras; NAME.input.f32, the
20 images Keras is fed (the first 20 MNIST test digits resized to 64x64, tiled to RGB, 0-255, then
the application's own preprocess_input), little-endian float32 [20, 64, 64, 3]; and
NAME.predictions.json, model.predict on them.

Random weights alone would leave every BatchNormalization's moving mean 0 and variance 1 and
EfficientNet's Normalization at mean 0, variance 1, so a reader that dropped or swapped them would
still pass, and ResNet50's softmax would saturate: see trained_statistics.

Run through check_applications.sh, which creates the virtualenv when it is missing.
"""

import json
import os
import struct
import sys

import keras
import numpy as np

SIZE = 64
IMAGES = 20
CLASSES = 10
APPLICATIONS = {
    "MobileNetV2": (keras.applications.MobileNetV2, keras.applications.mobilenet_v2.preprocess_input),
    # Their preprocess_input is the identity: the models rescale 0-255 themselves (a Rescaling layer).
    "MobileNetV3Small": (keras.applications.MobileNetV3Small, keras.applications.mobilenet_v3.preprocess_input),
    "MobileNetV3Large": (keras.applications.MobileNetV3Large, keras.applications.mobilenet_v3.preprocess_input),
    "ResNet50": (keras.applications.ResNet50, keras.applications.resnet50.preprocess_input),
    "EfficientNetB0": (keras.applications.EfficientNetB0, keras.applications.efficientnet.preprocess_input),
    "DenseNet121": (keras.applications.DenseNet121, keras.applications.densenet.preprocess_input),
}


def digits():
    """The first IMAGES MNIST test digits, SIZE x SIZE RGB in 0..255 (bilinear resize, grey tiled)."""
    with open("data/mnist/t10k-images-idx3-ubyte", "rb") as f:
        _, count, rows, cols = struct.unpack(">iiii", f.read(16))
        images = np.frombuffer(f.read(IMAGES * rows * cols), dtype=np.uint8)
    images = images.reshape(IMAGES, rows, cols, 1).astype("float32")
    resized = keras.ops.convert_to_numpy(keras.ops.image.resize(images, (SIZE, SIZE)))
    return np.clip(np.tile(resized, (1, 1, 1, 3)), 0, 255).astype("float32")


def trained_statistics(model, inputs):
    """Moving statistics and the Normalization's mean/variance as a trained model has them, not 0 and 1.

    Each BatchNormalization's moving mean and variance become the batch statistics of its input on
    the images (one training-mode call with momentum 0), which keeps the activations of a deep random
    network in range, so its softmax is not saturated and the comparison sees every layer.
    """
    for layer in model.layers:
        if isinstance(layer, keras.layers.Normalization):
            layer.adapt_mean.assign(np.array([0.485, 0.456, 0.406], "float32"))
            layer.adapt_variance.assign(np.array([0.229, 0.224, 0.225], "float32") ** 2)
            layer.finalize_state()  # call() uses copies of the variables made here
    norms = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)]
    momenta = [layer.momentum for layer in norms]
    for layer in norms:
        layer.momentum = 0.0
    model(inputs, training=True)
    for layer, momentum in zip(norms, momenta):
        layer.momentum = momentum


def main(out, names):
    os.makedirs(out, exist_ok=True)
    pixels = digits()
    for name in names:
        build, preprocess = APPLICATIONS[name]
        keras.utils.set_random_seed(23)
        model = build(weights=None, input_shape=(SIZE, SIZE, 3), classes=CLASSES)
        inputs = preprocess(pixels.copy())
        trained_statistics(model, inputs)
        probabilities = model.predict(inputs, verbose=0)
        model.save(os.path.join(out, name + ".keras"))
        inputs.astype("<f4").tofile(os.path.join(out, name + ".input.f32"))
        with open(os.path.join(out, name + ".predictions.json"), "w") as f:
            json.dump({
                "application": name,
                "input_shape": [IMAGES, SIZE, SIZE, 3],
                "keras_version": keras.__version__,
                "probabilities": [[float(p) for p in row] for row in probabilities],
            }, f)
        print(f"{name}: {model.count_params():,} parameters, top probability {probabilities.max(axis=1).mean():.3f}"
              " on average", flush=True)
        del model
        keras.backend.clear_session()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or list(APPLICATIONS))
