package dev.tfjrunner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.bench.BenchReport.Evaluation;
import dev.tfjrunner.bench.BenchReport.TrainStep;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tfj bench --vs-keras}: the bench's model and images measured again by real Keras 3 in
 * Python (scripts/bench/keras_bench.py), after tfj's own figures, and the two side by side.
 *
 * @param skipped why there are no Keras figures (no python3, pip failed), else null
 * @param keras the Keras, TensorFlow and Python versions the Keras side ran on
 * @param rows each measure: tfj's figure, Keras's and the ratio (above 1: tfj is faster)
 * @param kerasResult everything the Python side measured
 */
public record KerasComparison(String skipped, Map<String, String> keras, List<Row> rows, JsonNode kerasResult) {

  /** What the virtualenv gets, by package name from PyPI (the project's documented Keras environment). */
  static final List<String> PACKAGES = List.of("tensorflow-cpu==2.21.0", "keras==3.15.1", "h5py", "tensorboard");

  /**
   * @param unit "ms" (lower is better) or a rate (higher is better)
   * @param ratio how many times faster tfj is (Keras time / tfj time, or tfj rate / Keras rate)
   */
  public record Row(String measure, String unit, double tfj, double keras, double ratio) {

    static Row time(String measure, double tfjMs, double kerasMs) {
      return new Row(measure, "ms", tfjMs, kerasMs, kerasMs / tfjMs);
    }

    static Row rate(String measure, String unit, double tfj, double keras) {
      return new Row(measure, unit, tfj, keras, tfj / keras);
    }
  }

  /** Why the Keras side cannot run; the bench says so and goes on without it. */
  static final class Unavailable extends Exception {
    Unavailable(String reason) {
      super(reason);
    }
  }

  /**
   * Runs the Keras side on the images {@code tfj} measured (the first {@link BenchConfig#imagesNeeded()}),
   * with {@code python} if given, else the virtualenv {@code home/.venv-keras}, created when missing.
   */
  public static KerasComparison run(BenchReport tfj, ModelSpec spec, LabeledImages images, Path home, Path python,
      PrintStream log) throws IOException {
    Path script = home.resolve("scripts").resolve("bench").resolve("keras_bench.py");
    Path scratch = Files.createTempDirectory("tfj-vs-keras-");
    try {
      Path interpreter = python != null ? checked(python, log) : virtualenv(home.resolve(".venv-keras"), log);
      Path request = writeRequest(tfj.config(), spec, images.first(tfj.config().imagesNeeded()), scratch);
      Path result = scratch.resolve("result.json");
      log.printf("Keras side: %s %s ...%n", interpreter, script);
      int code = exec(log, interpreter.toString(), script.toString(), request.toString(), result.toString());
      if (code != 0 || !Files.isRegularFile(result)) {
        throw new Unavailable(script.getFileName() + " failed (exit " + code + ")");
      }
      JsonNode keras = Json.MAPPER.readTree(result.toFile());
      Map<String, String> versions = new LinkedHashMap<>();
      for (String name : List.of("keras", "tensorflow", "python")) {
        versions.put(name, keras.path(name).asText());
      }
      return new KerasComparison(null, versions, rows(tfj, keras), keras);
    } catch (Unavailable e) {
      log.println("Keras side skipped: " + e.getMessage());
      return new KerasComparison(e.getMessage(), Map.of(), List.of(), null);
    } finally {
      AtomicOutput.deleteRecursively(scratch);
    }
  }

  /** The venv's python with Keras and TensorFlow importable: made with python3 -m venv and pip when missing. */
  private static Path virtualenv(Path venv, PrintStream log) throws IOException, Unavailable {
    Path python = venv.resolve("bin").resolve("python");
    if (Files.isExecutable(python) && importsKeras(python)) {
      return python;
    }
    log.printf("Keras side: creating %s with pip (%s) ...%n", venv, String.join(" ", PACKAGES));
    if (runQuietly("python3", "--version") != 0) {
      throw new Unavailable("no python3 on the PATH (the Keras side needs Python 3 with venv and pip)");
    }
    if (exec(log, "python3", "-m", "venv", venv.toString()) != 0) {
      throw new Unavailable("python3 -m venv " + venv + " failed (Debian/Ubuntu: apt-get install python3-venv)");
    }
    List<String> pip = new ArrayList<>(List.of(venv.resolve("bin").resolve("pip").toString(), "install", "--retries", "0"));
    pip.addAll(PACKAGES);
    if (exec(log, pip.toArray(String[]::new)) != 0) {
      throw new Unavailable("pip install " + String.join(" ", PACKAGES) + " failed (no network or no such packages)");
    }
    return checked(python, log);
  }

  private static Path checked(Path python, PrintStream log) throws IOException, Unavailable {
    if (!importsKeras(python)) {
      throw new Unavailable(python + " cannot import keras and tensorflow");
    }
    return python;
  }

  private static boolean importsKeras(Path python) throws IOException {
    return runQuietly(python.toString(), "-c", "import keras, tensorflow") == 0;
  }

  private static int runQuietly(String... command) throws IOException {
    return exec(new PrintStream(OutputStream.nullOutputStream()), command);
  }

  /** Runs a command with its output (stdout and stderr) on {@code log}; -1 when it cannot start. */
  private static int exec(PrintStream log, String... command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return -1; // not installed
    }
    process.getInputStream().transferTo(log);
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
  }

  /** The model as Keras JSON, the images (float32) and labels (int32) little-endian, and what to measure. */
  private static Path writeRequest(BenchConfig config, ModelSpec spec, LabeledImages images, Path dir) throws IOException {
    Path model = dir.resolve("model.json");
    Files.writeString(model, spec.model().toKerasJson());
    float[] pixels = images.pixels();
    ByteBuffer pixelBytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    pixelBytes.asFloatBuffer().put(pixels);
    Files.write(dir.resolve("images.f32"), pixelBytes.array());
    ByteBuffer labelBytes = ByteBuffer.allocate(images.count() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    labelBytes.asIntBuffer().put(images.labels());
    Files.write(dir.resolve("labels.i32"), labelBytes.array());

    Map<String, Object> request = new LinkedHashMap<>();
    request.put("model", model.toString());
    request.put("images", dir.resolve("images.f32").toString());
    request.put("labels", dir.resolve("labels.i32").toString());
    request.put("count", images.count());
    request.put("shape", List.of(images.height(), images.width(), images.channels()));
    request.put("classes", spec.classes());
    request.put("seed", Bench.SEED);
    request.put("batch_sizes", config.batchSizes());
    request.put("warmup_steps", config.warmupSteps());
    request.put("repeats", config.repeats());
    request.put("eval_batch_sizes", config.evalBatchSizes());
    request.put("eval_images", config.evalImages());
    request.put("eval_repeats", config.evalRepeats());
    request.put("fit_batch_size", config.fitBatchSize());
    request.put("fit_steps_per_epoch", config.fitStepsPerEpoch());
    request.put("fit_epochs", config.fitEpochs());
    request.put("validation_images", config.validationImages());
    request.put("throughput_batch", config.throughputBatch());
    request.put("throughput_repeats", config.throughputRepeats());
    request.put("latency_calls", config.latencyCalls());
    Path file = dir.resolve("request.json");
    Json.MAPPER.writeValue(file.toFile(), request);
    return file;
  }

  /** Pairs each tfj figure with the Keras one measured the same way. */
  private static List<Row> rows(BenchReport tfj, JsonNode keras) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tfj.trainSteps().size(); i++) {
      TrainStep step = tfj.trainSteps().get(i);
      rows.add(Row.time("training step, batch " + step.batchSize(), step.timing().medianMs(),
          keras.at("/train_steps/" + i + "/timing/median_ms").asDouble()));
    }
    rows.add(Row.rate("fit loop, batch " + tfj.fitLoop().batchSize(), "samples/s", tfj.fitLoop().samplesPerSecond(),
        keras.at("/fit_loop/samples_per_second").asDouble()));
    for (int i = 0; i < tfj.evaluation().size(); i++) {
      Evaluation evaluation = tfj.evaluation().get(i);
      rows.add(Row.rate("evaluation, batch " + evaluation.batchSize() + " (evaluate)", "images/s",
          evaluation.imagesPerSecond(), keras.at("/evaluation/" + i + "/images_per_second").asDouble()));
    }
    rows.add(Row.rate("prediction, batch " + tfj.inference().throughputBatch() + " (Classifier / model.predict)",
        "images/s", tfj.inference().imagesPerSecond(), keras.at("/predict/images_per_second").asDouble()));
    rows.add(Row.time("batch-1 latency p50 (Classifier / tf.function)", tfj.inference().batch1().medianMs(),
        keras.at("/batch1/median_ms").asDouble()));
    return rows;
  }

  /** The side-by-side table. */
  public String format() {
    if (skipped != null) {
      return String.format(Locale.ROOT, "%nKeras side skipped: %s%n", skipped);
    }
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "%ntfj vs Keras %s (TensorFlow %s, Python %s), same model and images, one after the other; ratio > 1: tfj faster%n",
        keras.get("keras"), keras.get("tensorflow"), keras.get("python")));
    sb.append(String.format(Locale.ROOT, "%-58s %12s %12s %7s%n", "", "tfj", "Keras", "ratio"));
    for (Row row : rows) {
      String format = row.unit().equals("ms") ? "%-58s %9.2f ms %9.2f ms %6.2fx%n" : "%-58s %10.0f/s %10.0f/s %6.2fx%n";
      sb.append(String.format(Locale.ROOT, format, row.measure(), row.tfj(), row.keras(), row.ratio()));
    }
    return sb.toString();
  }
}
