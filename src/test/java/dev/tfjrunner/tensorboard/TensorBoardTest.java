package dev.tfjrunner.tensorboard;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.callbacks.Callback;
import dev.tfjrunner.callbacks.Console;
import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.Monitor;
import dev.tfjrunner.callbacks.ReduceLROnPlateau;
import dev.tfjrunner.callbacks.TrainerHandle;
import dev.tfjrunner.testing.FakeTrainer;
import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.tensorboard.TensorBoard.Config;
import dev.tfjrunner.tensorboard.TensorBoard.UpdateFreq;
import dev.tfjrunner.train.FitConfig;
import dev.tfjrunner.train.ModelSaver;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.Trainer;
import dev.tfjrunner.train.TrainingGraph;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.Summary;

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
    SampleImages samples;
    BufferedImage chart = testChart();
    try (TrainingGraph model = TrainingGraph.create(
            TestModels.spec("simple"), RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.defaults())) {
      samples = new SampleImages(model.networkInputs(splits.train().first(4), true, 0), 28, 28, 1);
      try (TensorBoard tensorBoard = new TensorBoard(new Config(1, UpdateFreq.everyBatches(updateFreq), true, true),
          logDir, model.graph().toGraphDef(), samples)) {
        history = new Trainer(model, ModelSaver.CHECKPOINT_ONLY, QUIET)
            .fit(splits, FitConfig.of(EPOCHS, BATCH_SIZE, 7).quiet(), List.of(reduceLr, tensorBoard, batches));
        finalWeights = model.readWeights();
        weightNames = model.network().weights().stream().map(w -> w.name()).toList();
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
    assertEquals(Set.of("epoch_loss", "epoch_accuracy"), validation.tags());

    // Batch scalars every 10th batch of the run, at the global step, with the logs the batch ended with.
    int steps = (int) Math.ceil(splits.train().count() / (double) BATCH_SIZE);
    List<Long> batchSteps = LongStream.range(0, (long) EPOCHS * steps).filter(s -> s % updateFreq == 0).boxed().toList();
    assertEquals(batchSteps, List.copyOf(train.scalars("batch_loss").keySet()));
    assertEquals(batchSteps, List.copyOf(train.scalars("batch_accuracy").keySet()));
    for (long step : batchSteps) {
      assertEquals(batches.logs.get(step).get("loss"), train.scalars("batch_loss").get(step), 1e-6, "batch_loss " + step);
      assertEquals(batches.logs.get(step).get("accuracy"), train.scalars("batch_accuracy").get(step), 1e-6);
    }

    // The graph, once, at step 0, with the layers' name scopes.
    assertEquals(1, train.graphs().size());
    assertEquals(0, train.graphs().get(0).getStep());
    GraphDef graph = GraphDef.parseFrom(train.graphs().get(0).getGraphDef());
    List<NodeDef> convolutions = graph.getNodeList().stream().filter(n -> n.getOp().equals("Conv2D")).toList();
    assertEquals(2, convolutions.stream().filter(n -> n.getName().matches("conv2d(_1)?/.*")).count(), convolutions::toString);
    assertTrue(graph.getNodeList().stream().anyMatch(n -> n.getName().equals("dense/kernel")));

    // A histogram of every weight at every epoch; the last one describes the final weights.
    assertEquals(List.of("conv2d/kernel", "conv2d/bias", "conv2d_1/kernel", "conv2d_1/bias", "dense/kernel", "dense/bias"),
        weightNames);
    for (int i = 0; i < weightNames.size(); i++) {
      String tag = weightNames.get(i) + "_0/histogram";
      assertEquals(epochSteps, List.copyOf(train.byStep(tag).keySet()), tag);
      HistogramProto histogram = train.byStep(tag).get((long) EPOCHS - 1).getHisto();
      float[] w = finalWeights[i];
      double sum = 0;
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float v : w) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assertEquals(w.length, histogram.getNum(), tag);
      assertEquals(min, histogram.getMin(), 0, tag);
      assertEquals(max, histogram.getMax(), 0, tag);
      assertEquals(sum, histogram.getSum(), 1e-4, tag);
      assertEquals(w.length, histogram.getBucketList().stream().mapToDouble(Double::doubleValue).sum(), 0, tag);
    }

    // The sample inputs: 28x28 grayscale PNGs of exactly the given pixels.
    for (int i = 0; i < samples.count(); i++) {
      Map<Long, Summary.Value> image = train.byStep(TensorBoard.SAMPLES_TAG + "/image/" + i);
      assertEquals(Set.of(0L), image.keySet());
      Summary.Image png = image.get(0L).getImage();
      assertEquals(28, png.getHeight());
      assertEquals(28, png.getWidth());
      assertEquals(1, png.getColorspace());
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.getEncodedImageString().toByteArray()));
      assertEquals(28, decoded.getWidth());
      assertEquals(28, decoded.getHeight());
      for (int p = 0; p < 28 * 28; p++) {
        int expected = Math.round(Math.min(1f, Math.max(0f, samples.pixels()[i * 784 + p])) * 255f);
        assertEquals(expected, decoded.getRaster().getSample(p % 28, p / 28, 0), "sample " + i + " pixel " + p);
      }
    }

    // writeImage: one RGB image, transparency flattened onto white.
    Summary.Image written = train.byStep("confusion_matrix/image").get((long) EPOCHS - 1).getImage();
    assertEquals(3, written.getColorspace());
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(written.getEncodedImageString().toByteArray()));
    assertEquals(chart.getWidth(), decoded.getWidth());
    assertEquals(chart.getHeight(), decoded.getHeight());
    assertEquals(0xff3366, decoded.getRGB(5, 5) & 0xffffff);
    assertEquals(0xffffff, decoded.getRGB(0, 0) & 0xffffff);

    Set<String> expectedTags = new TreeSet<>(List.of("epoch_loss", "epoch_accuracy", "epoch_learning_rate",
        "batch_loss", "batch_accuracy", "confusion_matrix/image"));
    weightNames.forEach(n -> expectedTags.add(n + "_0/histogram"));
    IntStream.range(0, samples.count()).forEach(i -> expectedTags.add(TensorBoard.SAMPLES_TAG + "/image/" + i));
    assertEquals(expectedTags, train.tags());
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
    try (TrainingGraph model = TrainingGraph.create(
            TestModels.spec("mlp"), RmsPropConfig.KERAS_DEFAULTS, 42, SessionSettings.defaults());
        // Graph, images and batch scalars off, histograms every other epoch: none of them may appear.
        TensorBoard tensorBoard = new TensorBoard(new Config(2, UpdateFreq.EPOCH, false, false), logDir,
            model.graph().toGraphDef(), new SampleImages(splits.train().first(2).pixels(), 28, 28, 1))) {
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
        null, null)) {
      tensorBoard.setTrainer(trainer);
      tensorBoard.onTrainBegin();
      tensorBoard.onEpochBegin(1);
      tensorBoard.onBatchEnd(2, Map.of("loss", Double.NaN));
      tensorBoard.onEpochEnd(1, Map.of("loss", Double.NaN, "val_loss", 1.5, "lr", 0.01));
      tensorBoard.onTrainEnd(Map.of());
    }
    EventFiles.Run train = EventFiles.readRun(logDir.resolve("train"));
    assertEquals(Set.of("batch_loss", "epoch_loss", "epoch_learning_rate", "dense/kernel_0/histogram"), train.tags());
    assertTrue(Float.isNaN(train.scalars("batch_loss").get(6L)), "batch 2 of epoch 1 at global step 4 + 2");
    assertTrue(Float.isNaN(train.scalars("epoch_loss").get(1L)));
    assertEquals(3, train.byStep("dense/kernel_0/histogram").get(1L).getHisto().getNum());
    assertEquals(Map.of(1L, 1.5f), EventFiles.readRun(logDir.resolve("validation")).scalars("epoch_loss"));
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
  void histogramTagsFollowKeras() {
    assertEquals("conv2d/kernel_0/histogram", TensorBoard.histogramTag("conv2d/kernel"));
    assertEquals("dense_1/bias_0/histogram", TensorBoard.histogramTag("dense_1/bias"));
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
        () -> assertEquals(List.of(0L, 2L), List.copyOf(train.byStep("dense/kernel_0/histogram").keySet())),
        () -> assertTrue(train.graphs().isEmpty(), "graph written though writeGraph is off"),
        () -> assertTrue(train.tags().stream().noneMatch(t -> t.startsWith("batch_") || t.contains("/image")),
            train.tags()::toString));
  }

  private static void assertScalars(EventFiles.Run run, String tag, double[] expected) {
    Map<Long, Float> written = run.scalars(tag);
    assertEquals(LongStream.range(0, expected.length).boxed().toList(), List.copyOf(written.keySet()), tag + " steps");
    for (int epoch = 0; epoch < expected.length; epoch++) {
      assertEquals(expected[epoch], written.get((long) epoch), 1e-6, tag + " at epoch " + epoch);
    }
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

  /** The batch logs each batch ended with, by global step. */
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
      this.logs.put((long) epoch * trainer.stepsPerEpoch() + batch, Map.copyOf(logs));
    }
  }
}
