package dev.tfjrunner.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.TextFormat;
import dev.tfjrunner.model.BuiltinModels;
import dev.tfjrunner.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Graph;
import org.tensorflow.proto.GraphDef;

/** graphs/<model>.pb and .pbtxt import into a fresh Graph, and the committed .pbtxt files are current. */
class GraphExportTest {

  /** Every built-in network, so that a new one cannot ship without its committed graph. */
  static List<String> builtinModels() {
    return BuiltinModels.NAMES;
  }

  @ParameterizedTest
  @MethodSource("builtinModels")
  void writtenGraphsImportIntoTensorFlow(String model, @TempDir Path dir) throws Exception {
    GraphDef graphDef = GraphExport.inferenceGraphDef(TestModels.spec(model));
    Path[] files = GraphExport.write(graphDef, dir, model);

    GraphDef fromPb = GraphDef.parseFrom(Files.readAllBytes(files[0]));
    GraphDef fromText = TextFormat.parse(Files.readString(files[1], StandardCharsets.UTF_8), GraphDef.class);
    assertEquals(graphDef, fromPb);
    assertEquals(graphDef, fromText);
    for (GraphDef loaded : new GraphDef[] {fromPb, fromText}) {
      try (Graph graph = new Graph()) {
        graph.importGraphDef(loaded);
        assertEquals("Placeholder", graph.operation(InferenceGraph.INPUT).type());
        assertEquals("Softmax", graph.operation(InferenceGraph.PROBABILITIES).type());
        assertNotNull(graph.operation(InferenceGraph.CLASS_ID));
        graph.operations().forEachRemaining(op -> assertFalse(op.type().contains("Random"), op.name()));
      }
    }
  }

  /**
   * {@code tfj export-graph} regenerates them; a change to a model must come with new files. The
   * GraphDef's {@code versions} stamp is the runtime's (producer 1994 on TF 2.18, 2474 on TF 2.21),
   * not the model's: the committed files hold the same ops on either runtime.
   */
  @ParameterizedTest
  @MethodSource("builtinModels")
  void committedGraphsMatchTheModels(String model) throws Exception {
    Path committed = Path.of("graphs", model + ".pbtxt");
    GraphDef expected = GraphExport.inferenceGraphDef(TestModels.spec(model)).toBuilder().clearVersions().build();
    GraphDef actual = TextFormat.parse(Files.readString(committed, StandardCharsets.UTF_8), GraphDef.class);
    assertEquals(expected, actual.toBuilder().clearVersions().build(), committed + " is out of date: run ./tfj export-graph");
  }
}
