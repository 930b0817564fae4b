package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code --new-head K} keeps the layers frozen in the file frozen, and the new head trainable; the
 * run names the layers frozen in the file by their paths.
 */
class FineTuningTest {

  @Test
  void aNewHeadIsTrainableWhereTheOldOneWasFrozen() {
    Model frozen = new Sequential("s", Input.of(4, 4, 1), List.of(Flatten.of().withName("flatten"),
        Dense.of(8).withName("hidden"), Dense.of(10).withName("head")), Set.of("hidden", "head"));
    Model headed = FineTuning.withNewHead(frozen, 3, "s.keras");
    assertEquals(Set.of("hidden"), headed.notTrainable());
    assertEquals(3, headed.outputUnits());
  }

  @Test
  void aFrozenNestedModelStaysFrozenUnderANewHead() throws IOException {
    Model model = KerasModelReader.read(Path.of("src/test/resources/keras/training/transfer_frozen.keras")).model();
    Model headed = FineTuning.withNewHead(model, 3, "transfer_frozen.keras");
    assertEquals(Set.of("base"), headed.notTrainable());
    assertEquals(model.nodes().get(0), headed.nodes().get(0), "the frozen base, as read");
    assertEquals(3, headed.outputUnits());
  }

  @Test
  void theLayersFrozenInTheFileAreNamedByPath() throws IOException {
    Path dir = Path.of("src/test/resources/keras/training");
    assertEquals(List.of("base"), FineTuning.frozenInConfig(KerasModelReader.read(dir.resolve("transfer_frozen.keras"))
        .model()));
    assertEquals(List.of("batch_normalization"), FineTuning.frozenInConfig(KerasModelReader.read(
        dir.resolve("frozen_layer.keras")).model()));
    Model block = new Sequential("block", Input.of(4, 4, 1), List.of(Flatten.of().withName("flatten"),
        Dense.of(8).withName("hidden")), Set.of("hidden"));
    Model model = new Model("m", Input.of(4, 4, 1), "input", List.of(new Node(block, List.of("input")),
        new Node(Dense.of(3).withName("head"), List.of("block"))));
    assertEquals(List.of("block/hidden"), FineTuning.frozenInConfig(model));
  }
}
