package dev.tfjrunner.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.testing.TestModels;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.Splits;
import dev.tfjrunner.io.Json;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import dev.tfjrunner.train.TrainingGraph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * The exported SavedModel is the trained model, forward pass only: same outputs, loadable by any
 * TF program, nothing of training left in it.
 */
class ServingExporterTest {

  /** Dropout, augmentation and blur make the training graph as different from serving as it gets. */
  private static final ModelSpec SPEC = TestModels.spec("advanced", new Preprocessing(1, true), Augmentation.DIGITS);

  @TempDir
  static Path temp;
  private static TrainingGraph model;
  private static Path exported;

  @BeforeAll
  static void trainAndExport() throws Exception {
    LabeledImages train = TestData.mnist().train();
    model = TestModels.train(SPEC, new Splits(train.first(300), train.select(IntStream.range(300, 400).toArray())), 1);
    exported = temp.resolve("model");
    TestModels.export(model, exported, TestData.mnist().classNames());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void plainTensorFlowGetsTheTrainingGraphsProbabilities() {
    LabeledImages images = TestData.testImages(100);
    float[][] expected = model.predict(images, 100); // the batch below: same kernels, same sums
    // Only TF Java from here on: what another program would do with the folder.
    try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve");
        TFloat32 input = TFloat32.tensorOf(Shape.of(100, 28, 28, 1), DataBuffers.of(images.pixels(), true, false));
        Result result = bundle.function("serving_default").call(Map.of("image", input))) {
      TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
      assertEquals(Shape.of(100, 10), probabilities.shape());
      for (int i = 0; i < 100; i++) {
        float[] row = new float[10];
        probabilities.get(i).copyTo(DataBuffers.of(row, false, false));
        assertArrayEquals(expected[i], row, 1e-6f, "image " + i);
      }
    }
  }

  @Test
  void servingGraphHasNothingOfTraining() {
    try (SavedModelBundle bundle = SavedModelBundle.load(exported.toString(), "serve")) {
      GraphDef graph = bundle.metaGraphDef().getGraphDef();
      List<NodeDef> nodes = graph.getNodeList();
      Set<String> types = nodes.stream().map(NodeDef::getOp).collect(Collectors.toSet());
      assertTrue(types.contains("Conv2D") && types.contains("Softmax"), types.toString());
      for (NodeDef node : nodes) {
        assertFalse(node.getOp().contains("Random"), "random op " + node.getName() + " (" + node.getOp() + ")");
        assertFalse(node.getOp().startsWith("Apply") || node.getOp().startsWith("ResourceApply"),
            "optimizer op " + node.getName());
        assertFalse(node.getName().toLowerCase().contains("rmsprop"), "optimizer node " + node.getName());
        assertFalse(node.getName().startsWith("metrics/") || node.getName().startsWith("load_weights/"),
            "training node " + node.getName());
      }
      Set<String> placeholders = nodes.stream()
          .filter(n -> n.getOp().startsWith("Placeholder"))
          .map(NodeDef::getName)
          .filter(name -> !name.startsWith("save/")) // the SavedModel's own checkpoint file name
          .collect(Collectors.toSet());
      assertEquals(Set.of("image"), placeholders);
      Set<String> variables = nodes.stream().filter(n -> n.getOp().startsWith("Variable")).map(NodeDef::getName)
          .collect(Collectors.toSet());
      assertEquals(model.network().weights().stream().map(w -> w.name()).collect(Collectors.toSet()), variables);
    }
  }

  @Test
  void assetsNameTheClassesAndDescribeTheModel() throws Exception {
    Path assets = exported.resolve("assets.extra");
    assertEquals(TestData.mnist().classNames(), Files.readAllLines(assets.resolve("labels.txt"), StandardCharsets.UTF_8));
    ModelMetadata metadata = Json.read(assets.resolve("model.json"), ModelMetadata.class);
    assertEquals("advanced", metadata.architecture());
    assertEquals(887_530, metadata.parameterCount());
    assertEquals("gaussian blur x1, sharpen", metadata.preprocessing());
    assertEquals(TestData.mnist().classNames(), metadata.classNames());
  }

  @Test
  void reExportFromTheSavedModelsOwnVariablesGivesTheSameModel() throws Exception {
    Path copy = temp.resolve("copy");
    try (ServingExporter exporter = new ServingExporter(SPEC)) {
      exporter.exportCheckpoint(exported.resolve("variables").resolve("variables"), copy, List.of("a", "b"),
          Json.read(exported.resolve("assets.extra").resolve("model.json"), ModelMetadata.class));
    }
    LabeledImages images = TestData.testImages(10);
    assertArrayEquals(run(exported, images), run(copy, images));
  }

  private static float[] run(Path savedModel, LabeledImages images) {
    try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), "serve");
        TFloat32 input = TFloat32.tensorOf(Shape.of(images.count(), 28, 28, 1), DataBuffers.of(images.pixels(), true, false));
        Result result = bundle.function("serving_default").call(Map.of("image", input))) {
      Tensor probabilities = result.get("probabilities").orElseThrow();
      float[] out = new float[images.count() * 10];
      ((TFloat32) probabilities).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }
}
