"""The checks of scripts/check-tensorboard.sh, which starts TensorBoard and runs this with its Python.

Asks a running TensorBoard's HTTP data API for what keras.callbacks.TensorBoard writes and compares it
with the run's history.json:
  plugins   scalars, histograms, distributions, images and graphs are enabled (as the settings ask);
  runs      exactly train and validation;
  scalars   train: epoch_<key> for every history key (lr as epoch_learning_rate, which Keras always
            writes); validation: epoch_<key> and evaluation_<key>_vs_iterations for every val_<key>;
            steps the epochs (and (epoch + 1) * steps per epoch); values equal to history.json (float32);
  graphs    the conceptual graph (tag keras) with a node per layer; the op graph if there is one;
  histograms and distributions
            one tag <path>/histogram per weight of every layer of the conceptual graph that has weights
            (Keras 3 variable paths: [<model>/]<layer>/<weight>), at every histogram_freq-th epoch, 30
            buckets over the same number of values at every step; distributions of the same;
  images    <path>/image of every weight Keras draws (vectors as 1 x n, dense kernels as one image,
            convolution kernels with one input channel as up to 3), PNGs of the sizes the weight's
            values call for; tfj's own images (training_samples, up to 16; confusion_matrix,
            test_predictions) are listed, anything else is a difference.
Prints one line per check and exits 1 on any difference.

Usage: python check_tensorboard.py BASE_URL LOGDIR HISTORY_JSON
"""
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

# Keras 3 variables of the layers tfj builds: (always there, there unless switched off in the config).
WEIGHTS = {
    "Conv1D": ({"kernel"}, {"bias"}), "Conv2D": ({"kernel"}, {"bias"}), "Conv3D": ({"kernel"}, {"bias"}),
    "Dense": ({"kernel"}, {"bias"}),
    "BatchNormalization": ({"moving_mean", "moving_variance"}, {"gamma", "beta"}),
}
WEIGHTLESS = {"InputLayer", "Activation", "Dropout", "SpatialDropout2D", "Flatten", "Reshape", "MaxPooling2D",
              "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "ZeroPadding2D", "Rescaling",
              "ReLU", "Softmax", "LeakyReLU", "Add", "Concatenate", "Multiply", "Average"}
VECTORS = {"bias", "gamma", "beta", "moving_mean", "moving_variance"}
TFJ_IMAGES = {"training_samples", "confusion_matrix", "test_predictions"}
BUCKETS = 30
BASIS_POINTS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000]


class Api:
    def __init__(self, base):
        self.base = base

    def raw(self, route, **params):
        url = self.base + route + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()

    def json(self, route, **params):
        return json.loads(self.raw(route, **params))


class Checks:
    def __init__(self):
        self.failures = 0
        self.count = 0

    def expect(self, ok, what, detail=""):
        self.count += 1
        if not ok:
            self.failures += 1
        print(("ok    " if ok else "FAIL  ") + what + ("" if ok or not detail else ": " + detail))
        return ok

    def equal(self, actual, expected, what):
        return self.expect(actual == expected, what, f"got {actual!r}, expected {expected!r}")


def wait_for_data(api, timeout=120):
    """Until TensorBoard has read both runs and its tags stop changing between two polls."""
    deadline = time.time() + timeout
    previous = None
    while time.time() < deadline:
        try:
            runs = api.json("/data/runs")
            tags = [api.json(f"/data/plugin/{p}/tags") for p in ("scalars", "histograms", "images")]
            state = (sorted(runs), json.dumps(tags, sort_keys=True))
            if {"train", "validation"} <= set(runs) and state == previous:
                return
            previous = state
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(2)
    sys.exit(f"check-tensorboard: TensorBoard at {api.base} did not serve both runs within {timeout} s")


def close(a, b):
    """history.json holds doubles, TensorBoard the float32 the summary stored."""
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def check_scalars(api, checks, epochs, logs):
    tags = api.json("/data/plugin/scalars/tags")
    train_keys = [k for k in logs[0] if not k.startswith("val_")]
    val_keys = [k[4:] for k in logs[0] if k.startswith("val_")]
    learning_rate_keys = {"lr", "learning_rate"}
    expected = {"train": {}, "validation": {}}
    for key in train_keys:
        tag = "epoch_learning_rate" if key in learning_rate_keys else f"epoch_{key}"
        expected["train"][tag] = [log[key] for log in logs]
    expected["train"].setdefault("epoch_learning_rate", None)  # Keras writes it from the optimizer
    for key in val_keys:
        values = [log["val_" + key] for log in logs]
        expected["validation"][f"epoch_{key}"] = values
        expected["validation"][f"evaluation_{key}_vs_iterations"] = values
    for run, tag_values in expected.items():
        written = set(tags.get(run, {}))
        batch_tags = {t for t in written if run == "train" and t.startswith("batch_")}
        checks.equal(sorted(written - batch_tags), sorted(tag_values), f"scalars: {run} tags")
        for tag, values in tag_values.items():
            if tag not in written:
                continue
            points = api.json("/data/plugin/scalars/scalars", run=run, tag=tag)
            steps = [p[1] for p in points]
            if tag.startswith("evaluation_"):
                per_epoch = steps[0] // (epochs[0] + 1) if steps else 0
                checks.equal(steps, [(e + 1) * per_epoch for e in epochs],
                             f"scalars: {run} {tag} steps are (epoch + 1) * {per_epoch} iterations")
                checks.expect(per_epoch > 0, f"scalars: {run} {tag} iterations per epoch > 0")
            else:
                checks.equal(steps, epochs, f"scalars: {run} {tag} steps are the epochs")
            if values is not None and len(points) == len(values):
                bad = [(s, p[2], v) for s, p, v in zip(steps, points, values) if not close(p[2], v)]
                checks.expect(not bad, f"scalars: {run} {tag} equals history.json",
                              ", ".join(f"step {s}: {a} vs {b}" for s, a, b in bad))
        for tag in sorted(batch_tags):
            steps = [p[1] for p in api.json("/data/plugin/scalars/scalars", run=run, tag=tag)]
            checks.expect(steps == sorted(set(steps)) and steps, f"scalars: {run} {tag} (update_freq) steps ascending")


def check_graphs(api, checks):
    """The conceptual graph's layers: [(node name, keras class)], and the model name."""
    info = api.json("/data/plugin/graphs/info")
    train = info.get("train", {})
    keras_tag = train.get("tags", {}).get("keras", {})
    checks.expect(keras_tag.get("conceptual_graph") is True, "graphs: train has the conceptual graph (tag keras)",
                  json.dumps(info))
    checks.equal(sorted(info), ["train"], "graphs: only the train run has graphs")
    layers = []
    if keras_tag.get("conceptual_graph"):
        pbtxt = api.raw("/data/plugin/graphs/graph", run="train", tag="keras", conceptual="true").decode()
        layers = re.findall(r'node \{\n  name: "([^"]+)"(?:\n  input: "[^"]*")*\n  attr \{\n    key: "keras_class"\n'
                            r'    value \{\n      s: "([^"]+)"', pbtxt)
        checks.expect(len(layers) >= 2, "graphs: conceptual graph has a node per layer",
                      f"{len(layers)} nodes in {len(pbtxt)} bytes")
        print("      layers: " + ", ".join(f"{name.split('/')[-1]} ({cls})" for name, cls in layers))
    if train.get("run_graph"):
        ops = api.raw("/data/plugin/graphs/graph", run="train").decode()
        checks.expect(ops.count("node {") > 0, f"graphs: op graph of train ({ops.count('node {')} nodes; tfj's own, "
                      "Keras 3 writes none)")
    model = layers[0][0].split("/")[0] if layers and "/" in layers[0][0] else ""
    return [(name.split("/")[-1], cls) for name, cls in layers], model


def weight_paths(checks, tags, layers, model):
    """{path: (layer class, variable)} from the histogram tags, checked against the conceptual graph."""
    classes = dict(layers)
    paths = {}
    prefixes = set()
    for tag in tags:
        parts = tag[:-len("/histogram")].split("/") if tag.endswith("/histogram") else []
        if len(parts) < 2 or parts[-2] not in classes:
            checks.expect(False, f"histograms: {tag} is <layer>/<weight>/histogram of a layer of the model")
            continue
        prefixes.add("/".join(parts[:-2]))
        paths[tag[:-len("/histogram")]] = (classes[parts[-2]], parts[-1])
    checks.expect(len(prefixes) <= 1 and prefixes <= {"", model},
                  f"histograms: Keras 3 variable paths ({model}/<layer>/<weight> or <layer>/<weight>)", str(prefixes))
    by_layer = {}
    for path, (cls, variable) in paths.items():
        by_layer.setdefault(path.split("/")[-2], set()).add(variable)
    for name, cls in layers:
        found = by_layer.get(name, set())
        if cls in WEIGHTS:
            required, optional = WEIGHTS[cls]
            checks.expect(required <= found <= required | optional,
                          f"histograms: {name} ({cls}) has {', '.join(sorted(found)) or 'no weights'}",
                          f"expected {sorted(required)} and maybe {sorted(optional)}")
        elif cls in WEIGHTLESS:
            checks.expect(not found, f"histograms: {name} ({cls}) has no weights", str(found))
        else:
            print(f"      {name} ({cls}): {', '.join(sorted(found)) or 'no weights'} (class not known to this check)")
    return paths


def check_histograms(api, checks, epochs, freq, layers, model):
    """Weight paths with their value counts."""
    tags = api.json("/data/plugin/histograms/tags")
    checks.equal(sorted(tags), ["train"] if freq else [], "histograms: runs")
    distribution_tags = api.json("/data/plugin/distributions/tags")
    train_tags = sorted(tags.get("train", {}))
    checks.equal(sorted(distribution_tags.get("train", {})), train_tags, "distributions: the histograms' tags")
    paths = weight_paths(checks, train_tags, layers, model)
    expected_steps = [e for e in epochs if freq and e % freq == 0]
    counts = {}
    for tag in train_tags:
        histograms = api.json("/data/plugin/histograms/histograms", run="train", tag=tag)
        steps = [h[1] for h in histograms]
        sums = {sum(b[2] for b in h[2]) for h in histograms}
        shapes_ok = all(len(h[2]) == BUCKETS and all(b[0] <= b[1] for b in h[2])
                        and all(a[1] == b[0] for a, b in zip(h[2], h[2][1:])) for h in histograms)
        checks.expect(steps == expected_steps and len(sums) == 1 and shapes_ok,
                      f"histograms: {tag}: {len(steps)} steps of {BUCKETS} buckets over "
                      f"{int(sums.pop()) if len(sums) == 1 else sums} values",
                      f"steps {steps}, expected {expected_steps}")
        counts[tag[:-len("/histogram")]] = int(sum(b[2] for b in histograms[0][2])) if histograms else 0
        distributions = api.json("/data/plugin/distributions/distributions", run="train", tag=tag)
        checks.expect([d[1] for d in distributions] == steps
                      and all([p[0] for p in d[2]] == BASIS_POINTS for d in distributions),
                      f"distributions: {tag}: the same steps, 9 percentiles each")
    return {path: (cls, variable, counts[path]) for path, (cls, variable) in paths.items()}


def png_size(png):
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def first_png(api, run, tag, step):
    entries = api.json("/data/plugin/images/images", run=run, tag=tag, sample=0)
    entry = next((e for e in entries if e["step"] == step), None)
    if entry is None:
        return None, [e["step"] for e in entries]
    return png_size(api.raw("/data/plugin/images/individualImage?" + entry["query"])), [e["step"] for e in entries]


def check_images(api, checks, epochs, freq, weights):
    tags = api.json("/data/plugin/images/tags")
    checks.equal(sorted(tags), ["train"], "images: runs")
    train = tags.get("train", {})
    expected_steps = [e for e in epochs if freq and e % freq == 0]
    for path, (cls, variable, count) in sorted(weights.items()):
        tag = path + "/image"
        drawn = variable in VECTORS or cls == "Dense"
        if tag not in train:
            checks.expect(not drawn, f"images: no {tag}" + ("" if drawn else " (Keras draws no kernel of rank 4)"),
                          "Keras draws every vector and dense kernel")
            continue
        samples = train[tag]["samples"]
        size, steps = first_png(api, "train", tag, expected_steps[-1]) if expected_steps else (None, [])
        if variable in VECTORS:
            ok = size == (1, count) and samples == 1
        elif cls == "Dense":
            ok = size is not None and size[0] * size[1] == count and size[1] <= size[0] and samples == 1
        else:
            ok = size is not None and count % (size[0] * size[1]) == 0 and 1 <= samples <= 3
        checks.expect(ok and steps == expected_steps,
                      f"images: {tag}: {samples} x {size[0] if size else '?'}x{size[1] if size else '?'} at steps {steps}",
                      f"for {count} values, steps expected {expected_steps}")
    weight_images = {p + "/image" for p in weights}
    for tag in sorted(set(train) - weight_images):
        if tag in TFJ_IMAGES:
            entries = api.json("/data/plugin/images/images", run="train", tag=tag, sample=0)
            png = api.raw("/data/plugin/images/individualImage?" + entries[-1]["query"]) if entries else b""
            limit = 16 if tag == "training_samples" else 1
            checks.expect(png_size(png) is not None and 1 <= train[tag]["samples"] <= limit,
                          f"images: {tag}: {train[tag]['samples']} image(s) of {png_size(png)} (tfj's own)")
        else:
            checks.expect(False, f"images: {tag} is a weight image or one of tfj's own {sorted(TFJ_IMAGES)}")


def main():
    base, logdir, history_file = sys.argv[1:4]
    history = json.loads(Path(history_file).read_text())
    settings = {"histogram_freq": 1, "write_graph": True, "write_images": True}
    run_json = Path(history_file).with_name("run.json")
    if run_json.exists():
        settings.update((json.loads(run_json.read_text()).get("callbacks") or {}).get("tensorboard") or {})
    epochs = [e["epoch"] for e in history["epochs"]]
    logs = [e["logs"] for e in history["epochs"]]
    print(f"check-tensorboard: {logdir} against {history_file} ({len(epochs)} epochs; histogram_freq "
          f"{settings['histogram_freq']}, write_graph {settings['write_graph']}, write_images {settings['write_images']})")
    api = Api(base)
    wait_for_data(api)
    checks = Checks()
    plugins = api.json("/data/plugins_listing")
    for plugin, wanted in (("scalars", True), ("histograms", settings["histogram_freq"] > 0),
                           ("distributions", settings["histogram_freq"] > 0), ("graphs", settings["write_graph"]),
                           ("images", settings["write_images"])):
        if wanted:
            checks.expect(plugins.get(plugin, {}).get("enabled") is True, f"plugins: {plugin} enabled")
    checks.equal(sorted(api.json("/data/runs")), ["train", "validation"], "runs")
    check_scalars(api, checks, epochs, logs)
    layers, model = check_graphs(api, checks) if settings["write_graph"] else ([], "")
    weights = check_histograms(api, checks, epochs, settings["histogram_freq"], layers, model) \
        if settings["histogram_freq"] else {}
    if settings["write_images"]:
        check_images(api, checks, epochs, settings["histogram_freq"], weights)
    print(f"check-tensorboard: {checks.count - checks.failures} of {checks.count} checks passed")
    sys.exit(1 if checks.failures else 0)


if __name__ == "__main__":
    main()
