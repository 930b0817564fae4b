package dev.tfjrunner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.keras.KerasModelReader;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.RandomFlip;
import dev.tfjrunner.model.layers.Rescaling;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pixel range a model states by rescaling its own input. */
class InputRangeTest {

  private static Optional<InputRange> of(dev.tfjrunner.model.layers.Layer first) {
    return InputRange.declaredBy(Sequential.of("m", Input.of(28, 28, 1), first, Flatten.of(), Dense.of(10)));
  }

  @Test
  void rescalingFromBytesToUnitOrToPlusMinusOneTakesBytes() {
    assertEquals(Optional.of(InputRange.BYTE), of(Rescaling.of(1 / 255.0, 0)));
    assertEquals(Optional.of(InputRange.BYTE), of(Rescaling.of(1 / 127.5, -1)));
  }

  @Test
  void otherFirstLayersSayNothing() {
    assertEquals(Optional.empty(), of(Rescaling.of(1 / 127.5, 0)));
    assertEquals(Optional.empty(), of(Rescaling.of(2, 0)));
    assertEquals(Optional.empty(), of(Flatten.of()));
  }

  @Test
  void geometricAugmentationBeforeTheRescalingIsLookedPast() {
    Model flipFirst = Sequential.of("m", Input.of(28, 28, 1), RandomFlip.of("horizontal"),
        Rescaling.of(1 / 255.0, 0), Flatten.of(), Dense.of(10));
    assertEquals(Optional.of(InputRange.BYTE), InputRange.declaredBy(flipFirst));
  }

  @Test
  void theTutorialModelsNestedAugmentationBlockIsLookedInto() throws Exception {
    // Written by real Keras (scripts/keras-fixtures/make_examples.py): Sequential([augmentation, Rescaling(1/255), ...]).
    Model tutorial = KerasModelReader.read(Path.of("examples/keras-models/mnist-tutorial-cnn.json")).model();
    assertEquals(Optional.of(InputRange.BYTE), InputRange.declaredBy(tutorial));
    Model residual = KerasModelReader.read(Path.of("examples/keras-models/mnist-residual-cnn.json")).model();
    assertEquals(Optional.empty(), InputRange.declaredBy(residual));
  }
}
