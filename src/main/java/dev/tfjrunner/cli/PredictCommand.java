package dev.tfjrunner.cli;

import dev.tfjrunner.data.IdxReader;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.folders.ClassFolders;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.serving.Classifier;
import dev.tfjrunner.serving.Inversion;
import dev.tfjrunner.serving.Prediction;
import dev.tfjrunner.report.ClassificationMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfj predict}: classify image files or an IDX file with an exported model. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Classify images with an exported SavedModel (a run's final/ or best/ folder) or a Keras model file",
        "(.keras, .h5, config .json + --weights), converted once and cached in .cache/keras/.",
        "PNG (also JPEG, GIF, BMP) files of any size and colour are converted to the model's input:",
        "for 28x28x1 models like MNIST (grayscale, white ink on black, cropped to the ink, scaled to",
        "20 px, centred by centre of mass), for others resized to the model's size in gray or RGB.",
        "A model trained on image folders gets its pictures decoded and resized as its training pictures were.",
        "IDX files (raw or .gz) must hold images of the model's size and are classified as they are.",
        "--dir classifies a whole folder into a CSV file (file,class,probability,top_k)."})
final class PredictCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
      description = "SavedModel directory, or a Keras model file (.keras, .h5, or a config .json with --weights).")
  Path model;

  @CommandLine.Mixin
  KerasFileOptions keras;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--png", arity = "1..*", paramLabel = "FILE", description = "Image files to classify.")
    List<Path> images;

    @Option(names = "--idx", paramLabel = "IMAGES", description = "IDX images file, e.g. data/mnist/t10k-images-idx3-ubyte.")
    Path idx;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Classify every picture in DIR and its subfolders (.png .jpg .jpeg .bmp .gif) into a CSV file.")
    Path dir;
  }

  @Option(names = "--output", paramLabel = "FILE",
      description = "--dir only: the CSV to write (default: predictions.csv): file,class,probability,top_k.")
  Path output;

  @Option(names = "--labels", paramLabel = "LABELS", description = "IDX labels of the --idx images: report accuracy.")
  Path labels;

  @Option(names = "--top", paramLabel = "K", defaultValue = "1", description = "Classes to show per image (default: 1).")
  int top;

  @Option(names = "--invert", paramLabel = "auto|always|never",
      description = "--png only: make the ink white on black; auto (default) inverts images with a light border.")
  String invert;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "10",
      description = "--idx only: images listed one per line before the summary (default: 10; 0 for the summary only).")
  int limit;

  @Override
  public Integer call() throws Exception {
    if (top < 1 || limit < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--top must be >= 1 and --limit >= 0");
    }
    if (input.idx == null && labels != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--labels goes with --idx");
    }
    if (input.idx != null && invert != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--invert goes with --png (IDX images are used as they are)");
    }
    Inversion inversion = invert == null ? Inversion.AUTO : Inversion.parse(invert);
    PrintWriter out = spec.commandLine().getOut();
    try (Classifier classifier = Classifier.load(keras.savedModel(model, out))) {
      if (input.idx != null) {
        classifyIdx(classifier, out);
      } else if (input.dir != null) {
        classifyDir(classifier, inversion, out);
      } else {
        for (Path image : input.images) {
          out.println(image + ": " + format(classifier.classify(image, inversion, top)));
        }
      }
    }
    out.flush();
    return 0;
  }

  private void classifyIdx(Classifier classifier, PrintWriter out) throws Exception {
    IdxReader.Images images = IdxReader.readImages(input.idx);
    int[] shape = classifier.imageShape();
    if (images.height() != shape[0] || images.width() != shape[1] || shape[2] != 1) {
      throw new InvalidDataException(input.idx, "images are " + images.height() + "x" + images.width()
          + "x1, the model takes " + shape[0] + "x" + shape[1] + "x" + shape[2] + " (use --png for other sizes)");
    }
    int[] truth = labels == null ? null : IdxReader.readLabels(labels);
    if (truth != null && truth.length != images.count()) {
      throw new InvalidDataException(labels, truth.length + " labels for " + images.count() + " images in " + input.idx);
    }
    long start = System.nanoTime();
    float[][] probabilities = classifier.predict(images.pixels());
    double seconds = (System.nanoTime() - start) / 1e9;

    int shown = Math.min(limit, images.count());
    for (int i = 0; i < shown; i++) {
      Prediction p = classifier.topK(probabilities[i], top);
      String label = truth == null ? ""
          : "  label " + truth[i] + (p.best().id() == truth[i] ? "" : "  WRONG");
      out.println("#" + i + ": " + format(p) + label);
    }
    if (shown > 0 && shown < images.count()) {
      out.printf(Locale.ROOT, "(%,d more not listed; --limit N lists more)%n", images.count() - shown);
    }
    out.printf(Locale.ROOT, "%,d images from %s classified in %.2f s (%,.0f images/s)%n",
        images.count(), input.idx, seconds, images.count() / seconds);
    if (truth != null) {
      ClassificationMetrics metrics = ClassificationMetrics.compute(truth, probabilities, classifier.numClasses());
      out.printf(Locale.ROOT, "loss: %.4f - accuracy: %.4f (%d of %d correct)%n", metrics.loss(), metrics.accuracy(),
          metrics.confusionMatrix().correct(), truth.length);
    }
  }

  /**
   * Every picture under {@code --dir}, in sorted path order, as CSV rows {@code file,class,probability,top_k}
   * ({@code top_k}: {@code name:probability} pairs separated by {@code ;}, most probable first).
   */
  private void classifyDir(Classifier classifier, Inversion inversion, PrintWriter out) throws Exception {
    if (!java.nio.file.Files.isDirectory(input.dir)) {
      throw new InvalidDataException(input.dir, "no such folder");
    }
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(input.dir)) {
      files = walk.filter(java.nio.file.Files::isRegularFile).filter(ClassFolders::isImage).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new InvalidDataException(input.dir, "no images (.bmp .gif .jpeg .jpg .png)");
    }
    Path csv = output != null ? output : Path.of("predictions.csv");
    long start = System.nanoTime();
    List<String> rows = new java.util.ArrayList<>();
    rows.add("file,class,probability,top_k");
    for (Path file : files) {
      Prediction p = classifier.classify(file, inversion, top);
      String topK = p.top().stream().map(c -> c.name() + ":" + String.format(Locale.ROOT, "%.4f", c.probability()))
          .collect(Collectors.joining(";"));
      rows.add(csvCell(input.dir.relativize(file).toString()) + "," + csvCell(p.best().name()) + ","
          + String.format(Locale.ROOT, "%.6f", p.best().probability()) + "," + csvCell(topK));
    }
    AtomicOutput.writeFile(csv, temporary -> java.nio.file.Files.write(temporary, rows));
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "%,d pictures from %s classified in %.2f s%s; predictions in %s%n", files.size(), input.dir,
        seconds, classifier.preparesLikeImageFolders() ? " (prepared as the model's training folder)" : "", csv);
  }

  private static String csvCell(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** {@code 7 (seven) 0.9912, 1 (one) 0.0050}: class id, name and probability, most probable first. */
  static String format(Prediction prediction) {
    return prediction.top().stream()
        .map(c -> String.format(Locale.ROOT, "%d (%s) %.4f", c.id(), c.name(), c.probability()))
        .collect(Collectors.joining(", "));
  }
}
