"""Writes the Functional-model fixtures under src/test/resources/keras/configs/ with real Keras.

Run from the repository root: python3 scripts/keras-fixtures/make_configs.py [merges]
("merges" writes only merges.json, the merging layers' outputs on fixed inputs).
It creates .venv-keras (tensorflow-cpu 2.21.0, keras 3.15.1, h5py) when it is missing and re-runs
itself there. For each model it writes NAME.json (model.to_json()), NAME.summary.txt (Keras's
model.summary() text, not for the long keras.applications tables) and one line in counts.tsv (name, total, trainable, non-trainable params).
A few models are also saved as NAME.keras with their weights left out (weights are another
helper's reader; these archives keep only config.json and metadata.json).
"""
import json
import os
import sys

import keras_venv
import zipfile

ROOT = keras_venv.ROOT
OUT = os.path.join(ROOT, "src", "test", "resources", "keras", "configs")

keras_venv.run_in_venv()

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["COLUMNS"] = "160"  # rich, which prints Keras 3's summary, cuts the table at the terminal width
import keras  # noqa: E402
from keras import layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__


def applications():
    a = keras.applications
    small = dict(weights=None, classes=10)
    return {
        "app_mobilenetv2": lambda: a.MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, **small),
        "app_mobilenetv3small": lambda: a.MobileNetV3Small(input_shape=(32, 32, 3), **small),
        "app_mobilenetv3large": lambda: a.MobileNetV3Large(input_shape=(32, 32, 3), **small),
        "app_resnet50": lambda: a.ResNet50(input_shape=(32, 32, 3), **small),
        "app_efficientnetb0": lambda: a.EfficientNetB0(input_shape=(32, 32, 3), **small),
        "app_densenet121": lambda: a.DenseNet121(input_shape=(32, 32, 3), **small),
        "app_vgg16": lambda: a.VGG16(input_shape=(32, 32, 3), **small),
        "app_xception": lambda: a.Xception(input_shape=(71, 71, 3), **small),
        "app_inceptionv3": lambda: a.InceptionV3(input_shape=(75, 75, 3), **small),
        "app_nasnetmobile": lambda: a.NASNetMobile(input_shape=(32, 32, 3), **small),
        "app_convnexttiny": lambda: a.ConvNeXtTiny(input_shape=(32, 32, 3), **small),
    }


def residual_cnn():
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(16, 3, padding="same", use_bias=False)(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    y = layers.Conv2D(16, 3, padding="same", use_bias=False)(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(16, 3, padding="same", use_bias=False)(y)
    y = layers.BatchNormalization()(y)
    x = layers.Add()([x, y])
    x = layers.Activation("relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="residual_cnn")


def inception_block():
    inputs = keras.Input((28, 28, 1))
    a = layers.Conv2D(8, 1, padding="same", activation="relu")(inputs)
    b = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    c = layers.Conv2D(4, 5, padding="same", activation="relu")(inputs)
    d = layers.MaxPooling2D(3, strides=1, padding="same")(inputs)
    x = layers.Concatenate(axis=-1)([a, b, c, d])
    m = layers.Maximum()([a, b])
    n = layers.Minimum()([a, b])
    s = layers.Subtract()([m, n])
    p = layers.Multiply()([s, a])
    v = layers.Average()([p, b])
    x = layers.Concatenate(axis=3)([x, v])
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="inception_block")


def study_functional():
    """The study's CNN (src/main/resources/models/advanced.json) written with the Functional API."""
    inputs = keras.Input((28, 28, 1))
    x = layers.Conv2D(32, 5, padding="same", activation="relu")(inputs)
    x = layers.Conv2D(32, 5, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Dropout(0.25)(x)
    x = layers.Flatten()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="study_functional")


def transfer():
    base_in = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, activation="relu")(base_in)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    base = keras.Model(base_in, x, name="base")
    inputs = keras.Input((28, 28, 1))
    x = base(inputs, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="transfer")


def tutorial():
    """The TensorFlow image-classification tutorial's model, its augmentation a nested Sequential."""
    data_augmentation = keras.Sequential([
        layers.RandomFlip("horizontal", input_shape=(28, 28, 1)),
        layers.RandomRotation(0.1),
        layers.RandomZoom(0.1),
    ], name="data_augmentation")
    return keras.Sequential([
        data_augmentation,
        layers.Rescaling(1. / 255),
        layers.Conv2D(16, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Dropout(0.2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ], name="tutorial")


def nested_sequential():
    """A Sequential block inside a Functional model: every layer supported today."""
    block = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(2),
    ], name="block_1")
    inputs = keras.Input((28, 28, 1))
    x = block(inputs)
    x = layers.Flatten()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="nested_sequential")


def shared_layer():
    inputs = keras.Input((8,))
    dense = layers.Dense(8, activation="relu", name="shared")
    x = dense(inputs)
    x = dense(x)
    outputs = layers.Dense(3, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="shared_layer")


def two_outputs():
    inputs = keras.Input((28, 28, 1))
    x = layers.Flatten()(inputs)
    a = layers.Dense(10, activation="softmax", name="digits")(x)
    b = layers.Dense(2, activation="softmax", name="parity")(x)
    return keras.Model(inputs, [a, b], name="two_outputs")


def unsupported_many():
    inputs = keras.Input((28, 28, 1))
    x = layers.Lambda(lambda t: t * 2.0, output_shape=(28, 28, 1))(inputs)
    x = layers.Conv2D(4, 3)(x)
    x = layers.Reshape((26, 26 * 4))(x)
    x = layers.LSTM(8)(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="unsupported_many")


def scalar_operations():
    """Arithmetic of a tensor and a number, which Keras 3 writes as operation nodes (module
    keras.src.ops.numpy): each of Add, Subtract, Multiply, TrueDivide and Divide with the constant
    second and first, int and float constants, MobileNetV3's hard sigmoid, and a layer Add beside
    the operation Add."""
    inputs = keras.Input((4, 4, 3))
    a = inputs + 3.0
    b = layers.ReLU(6.0)(a)
    c = b * (1.0 / 6.0)
    d = 2 - c
    e = d - 0.5
    f = 0.5 * e
    g = 3 + f
    h = g / 4
    i = 6.0 / h
    j = keras.ops.divide(i, 3.0)
    k = keras.ops.divide(1.0, j)
    x = layers.Add()([k, c])
    x = layers.Flatten()(x)
    outputs = layers.Activation("softmax")(x)
    return keras.Model(inputs, outputs, name="scalar_operations")


def operation_outputs(model):
    """scalar_operations.outputs.json: on a fixed input, each operation's input and output and the
    model's output before its softmax, computed by Keras."""
    import numpy as np
    x = np.random.default_rng(22).uniform(-4, 4, (2, 4, 4, 3)).astype("float32")
    operations = [op for op in model.operations if op.__class__.__module__.startswith("keras.src.ops")]
    tensors = {}
    for op in operations:
        tensors[op.name + "/input"] = op._inbound_nodes[0].input_tensors[0]
        tensors[op.name + "/output"] = op.output
    tensors["logits"] = model.get_layer("flatten").output
    values = keras.Model(model.input, list(tensors.values()))(x)
    out = {"input": {"shape": list(x.shape), "values": x.ravel().tolist()}, "operations": {}}
    for (key, _), v in zip(tensors.items(), values):
        v = keras.ops.convert_to_numpy(v)
        if key == "logits":
            out["logits"] = v.ravel().tolist()
        else:
            name, which = key.split("/")
            out["operations"].setdefault(name, {})[which] = v.ravel().tolist()
    with open(os.path.join(OUT, "scalar_operations.outputs.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


def unsupported_operations():
    """Operations Keras 3 writes that tfj-runner refuses: one with no support (Negative, Power), and a
    supported class called on two tensors (tensor_operation)."""
    inputs = keras.Input((4, 4, 3))
    x = -inputs
    x = x ** 2
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x), name="unsupported_operations")


def tensor_operation():
    inputs = keras.Input((4, 4, 3))
    x = layers.Conv2D(3, 1)(inputs)
    x = x * inputs
    x = layers.Flatten()(x)
    return keras.Model(inputs, layers.Dense(10, activation="softmax")(x), name="tensor_operation")


def keras2_forms():
    """Keras 2 configs (nested-list inbound_nodes), written by the Keras 2 that TensorFlow 2.21 still
    ships as tensorflow.python.keras (tf.keras's own engine, frozen at 2.6)."""
    from tensorflow.python import keras as k2
    from tensorflow.python.keras import layers as l2

    inputs = k2.Input((28, 28, 1))
    x = l2.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    y = l2.Conv2D(8, 3, padding="same")(x)
    x = l2.Add()([x, y])
    x = l2.Activation("relu")(x)
    a = l2.Conv2D(4, 1, padding="same")(x)
    b = l2.MaxPooling2D(3, strides=1, padding="same")(x)
    x = l2.Concatenate()([a, b])
    x = l2.GlobalAveragePooling2D()(x)
    residual = k2.Model(inputs, l2.Dense(10, activation="softmax")(x), name="keras2_residual")

    base_in = k2.Input((28, 28, 1))
    base = k2.Model(base_in, l2.MaxPooling2D(2)(l2.Conv2D(8, 3, activation="relu")(base_in)), name="base")
    inputs = k2.Input((28, 28, 1))
    x = l2.Flatten()(base(inputs, training=False))
    nested = k2.Model(inputs, l2.Dense(10, activation="softmax")(x), name="keras2_nested")
    rows = []
    for model in (residual, nested):
        # What model.to_json() writes, less keras_version: this copy of Keras has no __version__,
        # which its to_json() imports.
        config = {"class_name": model.__class__.__name__, "config": model.get_config(), "backend": "tensorflow"}
        with open(os.path.join(OUT, model.name + ".json"), "w") as f:
            f.write(json.dumps(config) + "\n")
        trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
        non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
        rows.append(f"{model.name}\t{trainable + non_trainable}\t{trainable}\t{non_trainable}\n")
        print(model.name, trainable + non_trainable, flush=True)
    return rows


def merge_outputs():
    """Each merging layer's output on fixed inputs, computed by Keras: merges.json."""
    import numpy as np
    rng = np.random.default_rng(22)

    def x(*shape):
        return rng.standard_normal(shape).astype("float32")

    a, b, c = x(2, 3, 3, 4), x(2, 3, 3, 4), x(2, 3, 3, 4)
    cases = [
        (layers.Add(), [a, b, c]), (layers.Subtract(), [a, b]), (layers.Multiply(), [a, b]),
        (layers.Average(), [a, b, c]), (layers.Maximum(), [a, b, c]), (layers.Minimum(), [a, b]),
        (layers.Multiply(name="multiply_broadcast"), [a, x(2, 1, 1, 4)]),
        (layers.Add(name="add_broadcast"), [x(2, 3, 1, 4), x(2, 1, 3, 4)]),
        (layers.Concatenate(), [a, x(2, 3, 3, 2)]), (layers.Concatenate(axis=1), [a, x(2, 1, 3, 4)]),
        (layers.Concatenate(axis=2), [a, x(2, 3, 2, 4), x(2, 3, 1, 4)]),
        (layers.Concatenate(axis=-3), [a, b]),
    ]
    out = []
    for layer, inputs in cases:
        y = keras.ops.convert_to_numpy(layer(inputs))
        out.append({"class_name": layer.__class__.__name__, "config": layer.get_config(),
                    "inputs": [{"shape": list(i.shape), "values": i.ravel().tolist()} for i in inputs],
                    "output": {"shape": list(y.shape), "values": y.ravel().tolist()}})
    with open(os.path.join(OUT, "..", "merges.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


def summary_text(model):
    lines = []
    model.summary(print_fn=lambda s, line_break=True: lines.append(s), line_length=150)
    return "\n".join(lines) + "\n"


def counts(model):
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    non_trainable = sum(int(w.numpy().size) for w in model.non_trainable_weights)
    return trainable + non_trainable, trainable, non_trainable


def keras_archive(model, path):
    """model.save(path), then the weights dropped: the fixtures test configs, and stay small."""
    model.save(path)
    with zipfile.ZipFile(path) as z:
        kept = {n: z.read(n) for n in z.namelist() if n in ("config.json", "metadata.json")}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name, data in kept.items():
            z.writestr(name, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    models = dict(applications())
    models.update({
        "residual_cnn": residual_cnn, "inception_block": inception_block, "study_functional": study_functional,
        "transfer": transfer, "tutorial": tutorial, "nested_sequential": nested_sequential,
        "shared_layer": shared_layer, "two_outputs": two_outputs, "unsupported_many": unsupported_many,
        "scalar_operations": scalar_operations, "unsupported_operations": unsupported_operations,
        "tensor_operation": tensor_operation,
    })
    rows = []
    for name, make in models.items():
        keras.backend.clear_session()  # Keras's automatic names start again for each model
        model = make()
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            f.write(model.to_json() + "\n")
        if not name.startswith("app_"):  # the applications' tables are long; their counts are in counts.tsv
            with open(os.path.join(OUT, name + ".summary.txt"), "w") as f:
                f.write(summary_text(model))
        total, trainable, non_trainable = counts(model)
        rows.append(f"{name}\t{total}\t{trainable}\t{non_trainable}\n")
        if name in ("residual_cnn", "transfer", "tutorial"):
            keras_archive(model, os.path.join(OUT, name + ".keras"))
        if name == "scalar_operations":
            operation_outputs(model)
        print(name, total, trainable, non_trainable, flush=True)
    rows += keras2_forms()
    with open(os.path.join(OUT, "counts.tsv"), "w") as f:
        f.write("# model\ttotal\ttrainable\tnon_trainable (Keras 3.15.1)\n")
        f.writelines(rows)


merge_outputs()
if sys.argv[1:] != ["merges"]:
    main()
