package dev.tfjrunner.model.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.bench.ModelCost;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.export.GraphExport;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.ModelConfigException;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.ModelSummary;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Concatenate;
import dev.tfjrunner.model.layers.ElementwiseMerge;
import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.train.Batch;
import dev.tfjrunner.train.RmsPropConfig;
import dev.tfjrunner.train.SessionSettings;
import dev.tfjrunner.train.TrainingGraph;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Functional models as real Keras 3.15.1 writes them (scripts/keras-fixtures/make_configs.py):
 * reading both inbound_nodes forms, nested models, summaries against Keras's counts, refusals,
 * the writer's round trip and a residual CNN's training steps.
 */
class FunctionalModelsTest {

  private static Path fixture(String file) {
    try {
      return Path.of(FunctionalModelsTest.class.getResource("/keras/configs/" + file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Model read(String file) throws IOException {
    return KerasModelReader.read(fixture(file)).model();
  }

  /** Keras's Total/Trainable/Non-trainable counts per fixture (counts.tsv). */
  private static Map<String, long[]> kerasCounts() throws IOException {
    Map<String, long[]> counts = new HashMap<>();
    for (String line : Files.readAllLines(fixture("counts.tsv"))) {
      if (!line.startsWith("#")) {
        String[] f = line.split("\t");
        counts.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
      }
    }
    return counts;
  }

  private static void assertKerasCounts(String name) throws IOException {
    ModelSummary summary = read(name + ".json").summary();
    long[] keras = kerasCounts().get(name);
    assertEquals(keras[0], summary.totalParameters(), name + " total");
    assertEquals(keras[1], summary.trainableParameters(), name + " trainable");
    assertEquals(keras[2], summary.totalParameters() - summary.trainableParameters(), name + " non-trainable");
  }

  private static String rejected(String file) {
    ModelConfigException e = assertThrows(ModelConfigException.class, () -> read(file));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void summariesCountWhatKerasCounts() throws IOException {
    for (String name : List.of("residual_cnn", "inception_block", "study_functional", "transfer", "nested_sequential",
        "app_vgg16", "app_resnet50", "app_densenet121", "app_inceptionv3", "app_mobilenetv3small",
        "app_mobilenetv3large", "scalar_operations")) {
      assertKerasCounts(name);
    }
  }

  /** Each row of the table, as Keras 3's summary prints it (cells of wrapped lines joined with spaces). */
  @Test
  void summaryRowsAreKerasRows() throws IOException {
    for (String name : List.of("residual_cnn", "inception_block", "study_functional", "transfer", "nested_sequential",
        "scalar_operations")) {
      ModelSummary summary = read(name + ".json").summary();
      assertEquals(kerasTable(Files.readAllLines(fixture(name + ".summary.txt"))), summary.table(), name);
      String total = String.format("%,d", summary.totalParameters());
      assertTrue(Files.readString(fixture(name + ".summary.txt")).contains(" Total params: " + total + " ("), name);
    }
  }

  /** The body rows of a Keras 3 (rich) summary table. */
  private static List<List<String>> kerasTable(List<String> lines) {
    List<List<String>> rows = new java.util.ArrayList<>();
    List<StringBuilder> cells = null;
    for (String line : lines) {
      if (line.startsWith("├") || line.startsWith("└")) {
        rows.add(cells.stream().map(c -> c.toString().strip()).toList());
        cells = null;
      } else if (line.startsWith("│")) {
        String[] parts = line.substring(1, line.length() - 1).split("│", -1);
        if (cells == null) {
          cells = new java.util.ArrayList<>();
          for (String ignored : parts) {
            cells.add(new StringBuilder());
          }
        }
        for (int i = 0; i < parts.length; i++) {
          if (!parts[i].isBlank()) {
            cells.get(i).append(cells.get(i).isEmpty() ? "" : " ").append(parts[i].strip());
          }
        }
      }
    }
    return rows;
  }

  @Test
  void readsKeras3InboundNodesWithMerges() throws IOException {
    Model model = read("residual_cnn.json");
    assertFalse(model.isSequential());
    assertFalse(model.isChain());
    ModelSummary.Row add = model.summary().rows().stream().filter(r -> r.name().equals("add")).findFirst().orElseThrow();
    assertInstanceOf(ElementwiseMerge.class, add.layer());
    assertEquals(List.of("activation", "batch_normalization_2"), add.node().inbound());
    assertEquals("activation[0][0], batch_normalization_2[0][0]", add.connectedTo());
    String table = model.summary().format();
    assertTrue(table.contains("Connected to"), table);
    assertTrue(table.contains("input_layer (InputLayer)"), table);

    Model inception = read("inception_block.json");
    long concatenates = inception.layers().stream().filter(l -> l instanceof Concatenate).count();
    assertEquals(2, concatenates);
    ModelSummary.Row joined = inception.summary().rows().stream().filter(r -> r.name().equals("concatenate_1"))
        .findFirst().orElseThrow();
    assertEquals(List.of(28L, 28L, 8L + 8 + 4 + 1 + 8), java.util.Arrays.stream(joined.outputShape()).boxed().toList(),
        "the four branches and the merged average, joined on axis 3");
  }

  /** A Keras 2.9 Functional config (tf.keras's nested-list inbound_nodes, class_name Functional). */
  @Test
  void readsKeras2NestedListInboundNodes() throws Exception {
    Model model = KerasModelReader.read(Path.of(getClass().getResource("/keras-configs/functional.json").toURI()))
        .model();
    assertEquals("input_1", model.inputName());
    assertEquals(List.of("dense", "dense_1"), model.layers().stream().map(l -> l.name()).toList());
    assertEquals(List.of("dense"), model.nodes().get(1).inbound());
    assertEquals(784 * 64 + 64 + 64 * 10 + 10, model.summary().totalParameters());
  }

  /** Keras 2's nested-list form with merges and a nested model (whose outer call is its node 1), by tf's Keras 2. */
  @Test
  void readsKeras2FormsWrittenByKeras2() throws IOException {
    assertKerasCounts("keras2_residual");
    assertKerasCounts("keras2_nested");
    Model residual = read("keras2_residual.json");
    assertEquals(List.of("conv2d", "conv2d_1"), residual.nodes().stream().filter(n -> n.name().equals("add"))
        .findFirst().orElseThrow().inbound());
    Model nested = read("keras2_nested.json");
    assertInstanceOf(Model.class, nested.layers().get(0));
    assertEquals(List.of("base"), nested.nodes().get(1).inbound());
  }

  @Test
  void readsNestedModelsAsOneRowWithTheirWeights() throws IOException {
    Model transfer = read("transfer.json");
    ModelSummary.Row base = transfer.summary().rows().get(0);
    assertInstanceOf(Model.class, base.layer());
    assertTrue(transfer.summary().format().contains("base (Functional)"), transfer.summary().format());
    Model nested = read("nested_sequential.json");
    assertInstanceOf(Sequential.class, nested.layers().get(0));
    assertEquals("block_1", nested.layers().get(0).name());
    Model archive = KerasModelReader.read(fixture("transfer.keras")).model();
    assertEquals(transfer, archive);
  }

  @Test
  void theStudyCnnWrittenFunctionallyBuildsTheStudyGraph() throws IOException {
    Model functional = read("study_functional.json");
    assertTrue(functional.isChain());
    assertEquals(BuiltinModels.advanced().layers(), functional.layers());
    assertEquals(GraphExport.inferenceGraphDef(ModelSpec.of(BuiltinModels.advanced())),
        GraphExport.inferenceGraphDef(ModelSpec.of(functional)));
  }

  @Test
  void writerAndReaderAreInverses() throws IOException {
    for (String name : List.of("residual_cnn", "inception_block", "transfer", "nested_sequential", "app_resnet50",
        "app_mobilenetv3small")) {
      Model model = read(name + ".json");
      assertEquals(model, KerasModelReader.parse(model.toKerasJson(), name).model(), name);
    }
    Sequential advanced = BuiltinModels.advanced();
    Model back = KerasModelReader.parse(advanced.toKerasJson(), "advanced").model();
    assertInstanceOf(Sequential.class, back, "a Sequential is written as a Sequential");
    assertEquals(advanced, back);
  }

  @Test
  void refusesWhatItCannotBuildNamingEveryLayer() {
    assertEquals("unsupported_many.json: 2 layers are not supported: layer 1 'lambda': Lambda; layer 4 'lstm': LSTM"
        + " (supported: " + KerasLayers.supportedNames() + ")", rejected("unsupported_many.json"));
    String convnext = rejected("app_convnexttiny.json");
    assertTrue(convnext.startsWith("app_convnexttiny.json: 18 layers are not supported: layer 8"
        + " 'convnext_tiny_stage_0_block_0_layer_scale': LayerScale; "), convnext);
    assertTrue(convnext.contains("'convnext_tiny_stage_3_block_2_layer_scale': LayerScale (supported: "), convnext);
    assertEquals("shared_layer.json: layer 1 'shared' (Dense): is called 2 times (shared weights), which is not"
        + " supported", rejected("shared_layer.json"));
    assertEquals("two_outputs.json: the model has 2 outputs; only models with one input and one output are supported",
        rejected("two_outputs.json"));
  }

  @Test
  void aResidualCnnTrains() throws IOException {
    ModelSpec spec = ModelSpec.of(read("residual_cnn.json"));
    LabeledImages train = TestData.mnist().train().first(256);
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 7, SessionSettings.defaults())) {
      double first = 0;
      double last = 0;
      for (int step = 0; step < 4; step++) {
        try (Batch batch = Batch.of(train, 64 * step, 64 * step + 64)) {
          double loss = model.trainStep(batch, step).loss();
          assertTrue(Double.isFinite(loss), "loss " + loss);
          first = step == 0 ? loss : first;
          last = loss;
        }
      }
      assertTrue(model.evaluate(train, 128).loss() < first * 1.5, "training runs: first " + first + ", last " + last);
    }
  }

  /** A nested model's variables live under its path, in the training graph as in the GraphDef. */
  @Test
  void nestedModelVariablesAreNamedByLayerPath() throws IOException {
    ModelSpec spec = ModelSpec.of(read("transfer.json"));
    try (TrainingGraph model = TrainingGraph.create(spec, RmsPropConfig.KERAS_DEFAULTS, 7, SessionSettings.defaults())) {
      List<String> names = model.network().weights().stream().map(w -> w.name()).toList();
      assertEquals(List.of("base/conv2d/kernel", "base/conv2d/bias", "base/batch_normalization/gamma",
          "base/batch_normalization/beta", "base/batch_normalization/moving_mean",
          "base/batch_normalization/moving_variance", "base/conv2d_1/kernel", "base/conv2d_1/bias", "dense/kernel",
          "dense/bias"), names);
      try (Batch batch = Batch.of(TestData.mnist().train().first(64), 0, 64)) {
        assertTrue(Double.isFinite(model.trainStep(batch, 0).loss()));
      }
    }
    assertTrue(GraphExport.inferenceGraphDef(spec).getNodeList().stream()
        .anyMatch(n -> n.getName().equals("base/batch_normalization/moving_mean")));
  }

  /** keras.applications built from layers this runner has: their serving graphs build, one scope per layer path. */
  @Test
  void applicationsOfSupportedLayersBuildTheirGraphs() throws IOException {
    for (String name : List.of("app_resnet50", "app_densenet121")) {
      Model model = read(name + ".json");
      List<String> ops = GraphExport.inferenceGraphDef(ModelSpec.of(model)).getNodeList().stream()
          .map(n -> n.getName()).toList();
      for (String layer : model.layers().stream().map(l -> l.name()).toList()) {
        assertTrue(ops.stream().anyMatch(op -> op.startsWith(layer + "/")), name + ": ops of " + layer);
      }
    }
  }

  /** bench's multiply-adds over a DAG: each Conv2D and Dense call of the residual CNN. */
  @Test
  void benchCountsEveryCallOfAGraph() throws IOException {
    ModelCost cost = ModelCost.of(read("residual_cnn.json"));
    long convolutions = 28 * 28 * 16 * 3 * 3 * (1 + 16 + 16);
    assertEquals(convolutions + 16 * 10, cost.forwardMacs());
    ModelCost nested = ModelCost.of(read("transfer.json"));
    assertTrue(nested.layers().stream().anyMatch(l -> l.name().equals("base/conv2d_1") && l.macs() == 11 * 11 * 16 * 9 * 8),
        nested.format());
  }
}
