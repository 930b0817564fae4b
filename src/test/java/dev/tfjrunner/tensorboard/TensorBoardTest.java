package dev.tfjrunner.tensorboard;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.callbacks.ReduceLROnPlateau;
import dev.tfjrunner.callbacks.TrainerHandle;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.tensorboard.TensorBoard.Config;
import dev.tfjrunner.tensorboard.TensorBoard.UpdateFreq;
import dev.tfjrunner.testing.FakeTrainer;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.ModelSaver;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.Trainer;
import dev.tfjrunner.train.TrainingGraph;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;

/** Drives the callback through short real trainings and reads the events back with {@link EventFiles}. */
class TensorBoardTest {

  private static final Console QUIET = new Console(new PrintStream(OutputStream.nullOutputStream()), false);
  private static final int EPOCHS = 3;
  private static final int BATCH_SIZE = 32;
  private static Splits splits;

  @TempDir
  Path logDir;

  @BeforeAll
  static void loadMnistSubset() throws IOException {
    Dataset mnist = Dataset.load(BuiltinDataset.MNIST, Path.of(System.getProperty("tfj.data.dir", "data")));
    splits = Splits.validationSplit(mnist.train().first(1000), 0.2, 1);
  }

  @Test
  @SuppressWarnings("try") // closes inside try-with-resources on purpose: a second close must be harmless
  void realTrainingWritesKerasTagsThatAnIndependentReaderVerifies() throws IOException {
    int updateFreq = 10;
    // Maximising val_loss by 1e9 never "improves" after epoch 0: with patience 1 the rate drops every epoch from then on.
    ReduceLROnPlateau reduceLr = new ReduceLROnPlateau(
        new ReduceLROnPlateau.Config("val_loss", 0.1, 1, Monitor.Mode.MAX, 1e9, 0, 0, false), QUIET);
    BatchRecorder batches = new BatchRecorder();
    History.Record history;
    float[][] finalWeights;
    List<String> weightNames;
    List<long[]> weightShapes;
    SampleImages samples;
    BufferedImage chart = testChart();
    ModelSpec spec = TestModels.spec("simple");
    String modelJson = spec.model().toKerasJson();
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.defaults())) {
      samples = new SampleImages(model.networkInputs(splits.train().first(4), true, 0), 28, 28, 1);
      try (TensorBoard tensorBoard = new TensorBoard(new Config(1, UpdateFreq.everyBatches(updateFreq), true, true),
          logDir, model.graph().toGraphDef(), modelJson, samples)) {
        history = new Trainer(model, ModelSaver.CHECKPOINT_ONLY, QUIET)
            .fit(splits, FitConfig.of(EPOCHS, BATCH_SIZE, 7).quiet(), List.of(reduceLr, tensorBoard, batches));
        finalWeights = model.readWeights();
        weightNames = model.network().weights().stream().map(w -> w.name()).toList();
        weightShapes = model.network().weights().stream().map(w -> w.shape().asArray()).toList();
        tensorBoard.writeImage("confusion_matrix", chart, EPOCHS - 1);
        tensorBoard.close(); // and again by try-with-resources: harmless
      }
    }

    // onTrainEnd closed the first file; writeImage after it opened a second one.
    List<Path> trainFiles = EventFiles.list(logDir.resolve("train"));
    List<Path> validationFiles = EventFiles.list(logDir.resolve("validation"));
    assertEquals(2, trainFiles.size(), "train files " + trainFiles);
    assertEquals(1, validationFiles.size(), "validation files " + validationFiles);
    for (Path file : concat(trainFiles, validationFiles)) {
      assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d+\\..+\\.\\d+\\.\\d+\\.v2"), file::toString);
      assertEquals("brain.Event:2", EventFiles.read(file).get(0).getFileVersion(), "first record of " + file);
    }
    EventFiles.Run train = EventFiles.readRun(logDir.resolve("train"));
    EventFiles.Run validation = EventFiles.readRun(logDir.resolve("validation"));

    // Epoch scalars: the History's logs at step = epoch, train and validation side by side.
    List<Long> epochSteps = LongStream.range(0, EPOCHS).boxed().toList();
    assertScalars(train, "epoch_loss", history.values("loss"));
    assertScalars(train, "epoch_accuracy", history.values("accuracy"));
    assertScalars(train, "epoch_learning_rate", history.values("lr"));
    assertScalars(validation, "epoch_loss", history.values("val_loss"));
    assertScalars(validation, "epoch_accuracy", history.values("val_accuracy"));
    // Reduced at the end of epoch 1 (epoch 0 always "improves"), so epoch 2 trained at a tenth.
    List<Float> rates = List.copyOf(train.scalars("epoch_learning_rate").values());
    assertEquals(1e-3f, rates.get(0));
    assertEquals(1e-3f, rates.get(1));
    assertEquals(1e-4, rates.get(2), 1e-10);

    // Validation also against the optimizer's iterations: the same values at (epoch + 1) * steps.
    int steps = (int) Math.ceil(splits.train().count() / (double) BATCH_SIZE);
    for (String metric : List.of("loss", "accuracy")) {
      Map<Long, Float> byIteration = validation.scalars("evaluation_" + metric + "_vs_iterations");
      assertEquals(LongStream.rangeClosed(1, EPOCHS).map(e -> e * steps).boxed().toList(),
          List.copyOf(byIteration.keySet()), metric);
      double[] expected = history.values("val_" + metric);
      for (int epoch = 0; epoch < EPOCHS; epoch++) {
        assertEquals(expected[epoch], byIteration.get((long) (epoch + 1) * steps), 1e-6, metric + " at epoch " + epoch);
      }
    }
    assertEquals(Set.of("epoch_loss", "epoch_accuracy", "evaluation_loss_vs_iterations",
        "evaluation_accuracy_vs_iterations"), validation.tags());

    // Batch scalars every 10th iteration of the run, stepped by the iterations done (as Keras 3: 10, 20, ...),
    // with the logs the batch ended with.
    List<Long> batchSteps = LongStream.rangeClosed(1, (long) EPOCHS * steps).filter(s -> s % updateFreq == 0).boxed().toList();
    assertEquals(batchSteps, List.copyOf(train.scalars("batch_loss").keySet()));
    assertEquals(batchSteps, List.copyOf(train.scalars("batch_accuracy").keySet()));
    for (long step : batchSteps) {
      assertEquals(batches.logs.get(step).get("loss"), train.scalars("batch_loss").get(step), 1e-6, "batch_loss " + step);
      assertEquals(batches.logs.get(step).get("accuracy"), train.scalars("batch_accuracy").get(step), 1e-6);
    }

    // The op graph, once, at step 0, with the layers' name scopes.
    assertEquals(1, train.graphs().size());
    assertEquals(0, train.graphs().get(0).getStep());
    GraphDef graph = GraphDef.parseFrom(train.graphs().get(0).getGraphDef());
    List<NodeDef> convolutions = graph.getNodeList().stream().filter(n -> n.getOp().equals("Conv2D")).toList();
    assertEquals(2, convolutions.stream().filter(n -> n.getName().matches("conv2d(_1)?/.*")).count(), convolutions::toString);
    assertTrue(graph.getNodeList().stream().anyMatch(n -> n.getName().equals("dense/kernel")));

    // The conceptual graph: the model config under the tag "keras", for the graph_keras_model plugin.
    Summary.Value keras = train.byStep("keras").get(0L);
    assertEquals(Set.of(0L), train.byStep("keras").keySet());
    assertPlugin(keras, "graph_keras_model", "1");
    assertEquals(DataType.DT_STRING, keras.getTensor().getDtype());
    assertEquals(modelJson, keras.getTensor().getStringVal(0).toStringUtf8());

    // A histogram of every weight at every epoch, tagged with Keras 3's variable path; the last one
    // holds TensorBoard's buckets of the final weights.
    assertEquals(List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "dense/kernel", "dense/bias"),
        weightNames);
    Set<String> weightTags = new TreeSet<>();
    for (int i = 0; i < weightNames.size(); i++) {
      String tag = "simple/" + weightNames.get(i) + "/histogram";
      weightTags.add(tag);
      assertEquals(epochSteps, List.copyOf(train.byStep(tag).keySet()), tag);
      Summary.Value histogram = train.byStep(tag).get((long) EPOCHS - 1);
      assertPlugin(histogram, "histograms", "");
      TensorProto buckets = histogram.getTensor();
      assertEquals(DataType.DT_DOUBLE, buckets.getDtype(), tag);
      assertEquals(List.of(30L, 3L), buckets.getTensorShape().getDimList().stream().map(d -> d.getSize()).toList(), tag);
      double[] written = EventFiles.doubles(buckets);
      assertArrayEquals(HistogramBuckets.of(finalWeights[i]), written, tag);
      assertEquals(finalWeights[i].length, IntStream.range(0, 30).mapToDouble(b -> written[3 * b + 2]).sum(), 0, tag);
    }

    // write_images: every weight Keras draws, with its histograms, as the final weights look.
    for (int i = 0; i < weightNames.size(); i++) {
      Uint8Images expected = WeightImages.of(weightShapes.get(i), finalWeights[i]);
      String tag = "simple/" + weightNames.get(i) + "/image";
      if (expected == null) {
        assertTrue(train.byStep(tag).isEmpty(), tag + " written, though Keras draws no image of a rank-4 kernel");
        continue;
      }
      weightTags.add(tag);
      assertEquals(epochSteps, List.copyOf(train.byStep(tag).keySet()), tag);
      assertPlugin(train.byStep(tag).get(0L), "images", "");
      assertImages(expected, WeightImages.MAX_OUTPUTS, train, tag, EPOCHS - 1);
    }
    assertEquals(List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/bias", "dense/kernel", "dense/bias"),
        weightTags.stream().filter(t -> t.endsWith("/image")).map(t -> t.replaceAll("^simple/|/image$", "")).sorted(
            Comparator.comparing(weightNames::indexOf)).toList());

    // The sample inputs: one tag, one 28x28 grayscale PNG per sample, converted as tf.summary.image does.
    assertEquals(Set.of(0L), train.byStep(TensorBoard.SAMPLES_TAG).keySet());
    assertPlugin(train.byStep(TensorBoard.SAMPLES_TAG).get(0L), "images", "");
    assertImages(Uint8Images.of(samples), TensorBoard.MAX_SAMPLES, train, TensorBoard.SAMPLES_TAG, 0);

    // writeImage: one RGB image, transparency flattened onto white.
    List<BufferedImage> written = train.images("confusion_matrix", EPOCHS - 1);
    assertEquals(1, written.size());
    BufferedImage decoded = written.get(0);
    assertEquals(3, decoded.getRaster().getNumBands());
    assertEquals(chart.getWidth(), decoded.getWidth());
    assertEquals(chart.getHeight(), decoded.getHeight());
    assertEquals(0xff3366, decoded.getRGB(5, 5) & 0xffffff);
    assertEquals(0xffffff, decoded.getRGB(0, 0) & 0xffffff);

    Set<String> expectedTags = new TreeSet<>(List.of("epoch_loss", "epoch_accuracy", "epoch_learning_rate",
        "batch_loss", "batch_accuracy", "keras", TensorBoard.SAMPLES_TAG, "confusion_matrix"));
    expectedTags.addAll(weightTags);
    assertEquals(expectedTags, train.tags());
    for (String tag : List.of("epoch_loss", "batch_loss", "epoch_learning_rate")) {
      train.byStep(tag).values().forEach(v -> assertPlugin(v, "scalars", ""));
    }
    validation.byStep("evaluation_loss_vs_iterations").values().forEach(v -> assertPlugin(v, "scalars", ""));
  }

  /**
   * The same model and fit as scripts/keras-fixtures/make_tensorboard_run.py gave real Keras: the
   * same tags in the same runs at the same steps, with the same tensor types and shapes, plugins and
   * image sizes. tfj adds the op graph and the training samples, which Keras 3 does not write.
   */
  @Test
  void writesWhatKerasWritesForTheSameModelAndFit() throws IOException {
    JsonNode keras = fixture("keras-batchnorm.json");
    JsonNode fit = keras.get("fit");
    assertEquals(fit.get("train_images").asInt(), splits.train().count());
    assertEquals(fit.get("validation_images").asInt(), splits.validation().count());
    ModelSpec spec = TestModels.spec("batchnorm");
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.defaults());
        TensorBoard tensorBoard = new TensorBoard(new Config(1, UpdateFreq.EPOCH, true, true), logDir,
            model.graph().toGraphDef(), spec.model().toKerasJson(),
            new SampleImages(splits.train().first(16).pixels(), 28, 28, 1))) {
      new Trainer(model, ModelSaver.CHECKPOINT_ONLY, QUIET).fit(splits,
          FitConfig.of(fit.get("epochs").asInt(), fit.get("batch_size").asInt(), 7).quiet(), List.of(tensorBoard));
    }

    for (String runName : List.of("train", "validation")) {
      JsonNode expected = keras.get("runs").get(runName);
      EventFiles.Run run = EventFiles.readRun(logDir.resolve(runName));
      assertEquals(expected.get("event_files").asInt(), EventFiles.list(logDir.resolve(runName)).size(), runName);
      Set<String> extra = new TreeSet<>(run.tags());
      expected.get("tags").fieldNames().forEachRemaining(extra::remove);
      assertEquals(runName.equals("train") ? Set.of(TensorBoard.SAMPLES_TAG) : Set.of(), extra, runName + ": tags Keras does not write");
      assertEquals(runName.equals("train") ? List.of(0L) : List.of(),
          run.graphs().stream().map(Event::getStep).toList(), runName + ": op graph steps (Keras 3 writes none)");
      for (Map.Entry<String, JsonNode> entry : expected.get("tags").properties()) {
        String where = runName + " " + entry.getKey();
        JsonNode tag = entry.getValue();
        Map<Long, Summary.Value> written = run.byStep(entry.getKey());
        List<Long> steps = new ArrayList<>();
        tag.get("steps").forEach(step -> steps.add(step.asLong()));
        assertEquals(steps, List.copyOf(written.keySet()), where + " steps");
        for (Summary.Value value : written.values()) {
          assertEquals(tag.get("kind").asText(), value.getValueCase() == Summary.Value.ValueCase.TENSOR ? "tensor"
              : value.getValueCase().name(), where);
          assertEquals(tag.get("dtype").asText(), value.getTensor().getDtype().name(), where);
          List<Long> shape = new ArrayList<>();
          tag.get("shape").forEach(d -> shape.add(d.asLong()));
          assertEquals(shape, value.getTensor().getTensorShape().getDimList().stream().map(d -> d.getSize()).toList(), where);
          assertPlugin(value, tag.get("plugin").asText(), tag.get("content").asText());
          assertEquals(tag.get("data_class").asInt(), value.getMetadata().getDataClassValue(), where);
        }
        if (tag.has("images")) {
          JsonNode images = tag.get("images");
          for (long step : steps) {
            TensorProto t = written.get(step).getTensor();
            assertEquals(images.get("width").asText(), t.getStringVal(0).toStringUtf8(), where);
            assertEquals(images.get("height").asText(), t.getStringVal(1).toStringUtf8(), where);
            List<BufferedImage> pngs = run.images(entry.getKey(), step);
            assertEquals(images.get("count").asInt(), pngs.size(), where);
            for (BufferedImage png : pngs) {
              assertEquals(images.get("width").asInt(), png.getWidth(), where);
              assertEquals(images.get("height").asInt(), png.getHeight(), where);
              assertEquals(BufferedImage.TYPE_BYTE_GRAY, png.getType(), where + ": PNG colour type 0 (gray)");
            }
          }
        }
        if (tag.has("model_json")) {
          assertEquals(layers(tag.get("model_json").asText()),
              layers(run.byStep("keras").get(0L).getTensor().getStringVal(0).toStringUtf8()), where);
        }
      }
    }
  }

  @Test
  void weightPathsFollowKeras3() throws IOException {
    // Sequential: layers built in the model's name scope; Functional: built before the model exists.
    JsonNode sequential = fixture("keras-batchnorm.json").get("runs").get("train").get("tags");
    JsonNode functional = fixture("keras-functional.json").get("runs").get("train").get("tags");
    assertEquals("batchnorm/", TensorBoard.weightPathPrefix(sequential.get("keras").get("model_json").asText()));
    assertTrue(sequential.has("batchnorm/conv2d/kernel/histogram"));
    assertEquals("", TensorBoard.weightPathPrefix(functional.get("keras").get("model_json").asText()));
    assertTrue(functional.has("conv2d/kernel/histogram"));
    assertEquals("simple/", TensorBoard.weightPathPrefix(TestModels.spec("simple").model().toKerasJson()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TensorBoard.weightPathPrefix("{\"config\": {}}"));
    assertEquals("model config for TensorBoard has no class_name", e.getMessage());
  }

  @Test
  @SuppressWarnings("try") // closes inside try-with-resources on purpose: a second close must be harmless
  void crashMidRunLeavesEveryFlushedRecordReadable() throws IOException {
    int crashEpoch = 2;
    Map<Integer, Map<String, Double>> epochLogs = new TreeMap<>();
    Callback crashing = new Callback() {
      @Override
      public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochLogs.put(epoch, Map.copyOf(logs));
        if (epoch == crashEpoch) {
          throw new IllegalStateException("simulated crash");
        }
      }
    };
    ModelSpec spec = TestModels.spec("mlp");
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.defaults());
        // Graph, images and batch scalars off, histograms every other epoch: none of them may appear.
        TensorBoard tensorBoard = new TensorBoard(new Config(2, UpdateFreq.EPOCH, false, false), logDir,
            model.graph().toGraphDef(), spec.model().toKerasJson(),
            new SampleImages(splits.train().first(2).pixels(), 28, 28, 1))) {
      Trainer trainer = new Trainer(model, ModelSaver.CHECKPOINT_ONLY, QUIET);
      FitConfig fit = FitConfig.of(10, BATCH_SIZE, 7).quiet();
      assertThrows(IllegalStateException.class, () -> trainer.fit(splits, fit, List.of(tensorBoard, crashing)));

      // Still open, as after a kill: what each epoch end flushed is on disk, every record intact.
      assertEpochsUpToCrash(epochLogs, crashEpoch);

      tensorBoard.close();
      assertEpochsUpToCrash(epochLogs, crashEpoch);
      assertThrows(IllegalStateException.class,
          () -> tensorBoard.writeImage("late", new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 0));
    }
  }

  @Test
  void nonFiniteValuesAreWrittenButTheirHistogramsSkipped() throws IOException {
    FakeTrainer trainer = new FakeTrainer(4, List.of("dense/kernel", "dense/bias"),
        new float[][] {{1, 2, 3}, {Float.NaN, 0}});
    try (TensorBoard tensorBoard = new TensorBoard(new Config(1, UpdateFreq.everyBatches(1), false, false), logDir,
        null, null, null)) {
      tensorBoard.setTrainer(trainer);
      tensorBoard.onTrainBegin();
      tensorBoard.onEpochBegin(1);
      tensorBoard.onBatchEnd(2, Map.of("loss", Double.NaN));
      tensorBoard.onEpochEnd(1, Map.of("loss", Double.NaN, "val_loss", 1.5, "lr", 0.01));
      tensorBoard.onTrainEnd(Map.of());
    }
    EventFiles.Run train = EventFiles.readRun(logDir.resolve("train"));
    // No model config: no conceptual graph, and weight paths without a model name.
    assertEquals(Set.of("batch_loss", "epoch_loss", "epoch_learning_rate", "dense/kernel/histogram"), train.tags());
    assertTrue(Float.isNaN(train.scalars("batch_loss").get(7L)), "batch 2 of epoch 1 after 4 + 3 iterations");
    assertTrue(Float.isNaN(train.scalars("epoch_loss").get(1L)));
    assertArrayEquals(HistogramBuckets.of(new float[] {1, 2, 3}),
        EventFiles.doubles(train.byStep("dense/kernel/histogram").get(1L).getTensor()));
    EventFiles.Run validation = EventFiles.readRun(logDir.resolve("validation"));
    assertEquals(Map.of(1L, 1.5f), validation.scalars("epoch_loss"));
    assertEquals(Map.of(8L, 1.5f), validation.scalars("evaluation_loss_vs_iterations"), "after 2 epochs of 4 steps");
  }

  @Test
  void eventReaderRejectsCorruptedAndTruncatedRecords() throws IOException {
    try (SummaryFileWriter writer = new SummaryFileWriter(logDir.resolve("run"))) {
      writer.scalar("x", 0, 1);
    }
    Path file = EventFiles.list(logDir.resolve("run")).get(0);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(2, EventFiles.read(file).size(), "file_version and the scalar");

    byte[] flipped = bytes.clone();
    flipped[bytes.length - 6] ^= 1; // inside the last record's data
    assertThrows(IOException.class, () -> EventFiles.read(Files.write(logDir.resolve("flipped"), flipped)));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
    assertThrows(IOException.class, () -> EventFiles.read(Files.write(logDir.resolve("cut"), truncated)));
  }

  @Test
  void updateFreqTakesKerasSpellings() {
    assertEquals(UpdateFreq.EPOCH, UpdateFreq.parse("epoch"));
    assertEquals(1, UpdateFreq.parse("batch").batches());
    assertEquals(100, UpdateFreq.parse("100").batches());
    assertFalse(UpdateFreq.EPOCH.writesBatches());
    assertThrows(IllegalArgumentException.class, () -> UpdateFreq.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> UpdateFreq.parse("often"));
    assertThrows(IllegalArgumentException.class, () -> new Config(-1, UpdateFreq.EPOCH, true, true));
  }

  private void assertEpochsUpToCrash(Map<Integer, Map<String, Double>> epochLogs, int crashEpoch) throws IOException {
    EventFiles.Run train = EventFiles.readRun(logDir.resolve("train"));
    EventFiles.Run validation = EventFiles.readRun(logDir.resolve("validation"));
    double[] loss = new double[crashEpoch + 1];
    double[] valLoss = new double[crashEpoch + 1];
    for (int epoch = 0; epoch <= crashEpoch; epoch++) {
      loss[epoch] = epochLogs.get(epoch).get("loss");
      valLoss[epoch] = epochLogs.get(epoch).get("val_loss");
    }
    assertAll(
        () -> assertScalars(train, "epoch_loss", loss),
        () -> assertScalars(validation, "epoch_loss", valLoss),
        () -> assertEquals(List.of(0L, 2L), List.copyOf(train.byStep("mlp/dense/kernel/histogram").keySet())),
        () -> assertTrue(train.graphs().isEmpty(), "graph written though writeGraph is off"),
        () -> assertTrue(train.tags().stream().noneMatch(t -> t.startsWith("batch_") || t.endsWith("/image")
            || t.equals("keras") || t.equals(TensorBoard.SAMPLES_TAG)), train.tags()::toString));
  }

  private static void assertScalars(EventFiles.Run run, String tag, double[] expected) {
    Map<Long, Float> written = run.scalars(tag);
    assertEquals(LongStream.range(0, expected.length).boxed().toList(), List.copyOf(written.keySet()), tag + " steps");
    for (int epoch = 0; epoch < expected.length; epoch++) {
      assertEquals(expected[epoch], written.get((long) epoch), 1e-6, tag + " at epoch " + epoch);
    }
  }

  private static void assertPlugin(Summary.Value value, String plugin, String content) {
    SummaryMetadata metadata = value.getMetadata();
    assertEquals(plugin, metadata.getPluginData().getPluginName(), value.getTag());
    assertEquals(content, metadata.getPluginData().getContent().toStringUtf8(), value.getTag());
  }

  /** The PNGs of {@code tag} at {@code step} hold the first {@code maxOutputs} images of {@code expected}, pixel for pixel. */
  private static void assertImages(Uint8Images expected, int maxOutputs, EventFiles.Run run, String tag, long step)
      throws IOException {
    TensorProto tensor = run.byStep(tag).get(step).getTensor();
    assertEquals(Integer.toString(expected.width()), tensor.getStringVal(0).toStringUtf8(), tag + " width");
    assertEquals(Integer.toString(expected.height()), tensor.getStringVal(1).toStringUtf8(), tag + " height");
    List<BufferedImage> images = run.images(tag, step);
    assertEquals(Math.min(expected.count(), maxOutputs), images.size(), tag);
    int size = expected.height() * expected.width();
    for (int i = 0; i < images.size(); i++) {
      BufferedImage image = images.get(i);
      assertEquals(expected.width(), image.getWidth(), tag);
      assertEquals(expected.height(), image.getHeight(), tag);
      for (int p = 0; p < size; p++) {
        assertEquals(expected.pixels()[i * size + p] & 0xff,
            image.getRaster().getSample(p % expected.width(), p / expected.width(), 0), tag + " image " + i + " pixel " + p);
      }
    }
  }

  static JsonNode fixture(String name) throws IOException {
    try (InputStream in = TensorBoardTest.class.getResourceAsStream("/tensorboard/" + name)) {
      return new ObjectMapper().readTree(in);
    }
  }

  /** The class name and name of every layer of a Keras model config, in order. */
  private static List<String> layers(String modelJson) throws IOException {
    JsonNode model = new ObjectMapper().readTree(modelJson);
    List<String> layers = new ArrayList<>(List.of(model.get("class_name").asText() + " " + model.get("config").get("name").asText()));
    model.get("config").get("layers").forEach(l -> layers.add(l.get("class_name").asText() + " " + l.get("config").get("name").asText()));
    return layers;
  }

  /** A stand-in chart: white, a colored square, and a transparent corner. */
  private static BufferedImage testChart() {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        image.setRGB(x, y, x < 2 && y < 2 ? 0x00000000 : x >= 4 && x < 12 && y >= 4 && y < 12 ? 0xffff3366 : 0xffffffff);
      }
    }
    return image;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The batch logs each batch ended with, by the iteration count after it. */
  private static final class BatchRecorder implements Callback {
    final Map<Long, Map<String, Double>> logs = new LinkedHashMap<>();
    private TrainerHandle trainer;
    private int epoch;

    @Override
    public void setTrainer(TrainerHandle trainer) {
      this.trainer = trainer;
    }

    @Override
    public void onEpochBegin(int epoch) {
      this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
      this.logs.put((long) epoch * trainer.stepsPerEpoch() + batch + 1, Map.copyOf(logs));
    }
  }
}
