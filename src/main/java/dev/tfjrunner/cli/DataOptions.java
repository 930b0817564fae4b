package dev.tfjrunner.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** Which data a command reads: a built-in data set, the user's IDX / CSV files or image folders. */
final class DataOptions {

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "Built-in data set: mnist or fashion (default: mnist). Fetched by scripts/fetch-data.sh.")
  String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the built-in data sets are (default: <repo>/data).")
  String dataDir;

  @Option(names = "--train-images", paramLabel = "FILE",
      description = "Training images, IDX (raw or .gz): [n, h, w] (magic 2051) or [n, h, w, c] (magic 2052).")
  String trainImages;

  @Option(names = "--train-labels", paramLabel = "FILE", description = "Training labels, IDX (raw or .gz).")
  String trainLabels;

  @Option(names = "--test-images", paramLabel = "FILE", description = "Test images, IDX (raw or .gz).")
  String testImages;

  @Option(names = "--test-labels", paramLabel = "FILE", description = "Test labels, IDX (raw or .gz).")
  String testLabels;

  @Option(names = "--train-csv", paramLabel = "FILE",
      description = "Training set as Kaggle-style CSV (label,pixel0..783; other shapes with --image-shape).")
  String trainCsv;

  @Option(names = "--test-csv", paramLabel = "FILE", description = "Test set as Kaggle-style CSV.")
  String testCsv;

  @Option(names = "--dataset-name", paramLabel = "NAME", description = "Name of your own data in run ids and reports (default: custom).")
  String name;

  @Option(names = "--class-names", paramLabel = "NAMES", split = ",",
      description = "Comma-separated names of the classes of your own IDX / CSV data (default: 0, 1, ...).")
  java.util.List<String> classNames;

  @Option(names = "--num-classes", paramLabel = "N",
      description = "Classes of your own IDX / CSV data (default: as many as --class-names, else the largest label + 1).")
  Integer numClasses;

  @Option(names = "--image-shape", paramLabel = "H,W[,C]", split = ",",
      description = "Shape of the images of your CSV files (default: 28,28,1).")
  java.util.List<Integer> imageShape;

  @Option(names = "--train-dir", paramLabel = "DIR",
      description = "Image folder to train on: one subfolder per class (.png .jpg .jpeg .bmp .gif), as Keras's image_dataset_from_directory.")
  String trainDir;

  @Option(names = "--validation-dir", paramLabel = "DIR",
      description = "Image folder to validate on (default: --validation-split of the training folder).")
  String validationDir;

  @Option(names = "--test-dir", paramLabel = "DIR", description = "Image folder to test on (default: none, no test evaluation).")
  String testDir;

  @Option(names = "--image-size", paramLabel = "H,W", split = ",",
      description = "Size the folder's pictures are resized to (default: for a built-in network, 28,28 for pictures no larger, else their common size scaled to 64 a side at most; for a model file, its input size).")
  java.util.List<Integer> imageSize;

  @Option(names = "--color-mode", paramLabel = "MODE",
      description = "grayscale, rgb or rgba (default: for a built-in network, rgb when any picture has colour, else grayscale; for a model file, its channels).")
  String colorMode;

  @Option(names = "--interpolation", paramLabel = "METHOD",
      description = "Resizing: bilinear, nearest, area or bicubic (default: bilinear, as Keras).")
  String interpolation;

  @Option(names = "--crop-to-aspect-ratio", negatable = true,
      description = "Centre-crop pictures to the target aspect ratio before resizing (default: off, resizing distorts).")
  Boolean cropToAspectRatio;

  @Option(names = "--skip-bad-images", negatable = true,
      description = "Leave out pictures that cannot be decoded, and report them, instead of stopping (default: off).")
  Boolean skipBadImages;

  /** The options given, as a patch of RunConfig's {@code data}. */
  void addTo(ObjectNode flags) {
    ObjectNode data = flags.putObject("data");
    Flags.put(data, "dataset", dataset);
    Flags.put(data, "data_dir", dataDir);
    Flags.put(data, "train_images", trainImages);
    Flags.put(data, "train_labels", trainLabels);
    Flags.put(data, "test_images", testImages);
    Flags.put(data, "test_labels", testLabels);
    Flags.put(data, "train_csv", trainCsv);
    Flags.put(data, "test_csv", testCsv);
    Flags.put(data, "name", name);
    Flags.put(data, "num_classes", numClasses);
    if (imageShape != null) {
      imageShape.forEach(data.putArray("image_shape")::add);
    }
    Flags.put(data, "train_dir", trainDir);
    Flags.put(data, "validation_dir", validationDir);
    Flags.put(data, "test_dir", testDir);
    if (imageSize != null) {
      imageSize.forEach(data.putArray("image_size")::add);
    }
    Flags.put(data, "color_mode", colorMode);
    Flags.put(data, "interpolation", interpolation);
    Flags.put(data, "crop_to_aspect_ratio", cropToAspectRatio);
    Flags.put(data, "skip_bad_images", skipBadImages);
    if (classNames != null) {
      classNames.forEach(data.putArray("class_names")::add);
    }
  }
}
