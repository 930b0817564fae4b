package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tfjrunner.export.InputRange;
import org.junit.jupiter.api.Test;

/** The input range a Keras config states through its first layer. */
class KerasConversionTest {

  private static String sequential(String firstLayer) {
    return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 28, 28, 1]}}, " + firstLayer
        + ", {\"class_name\": \"Flatten\", \"config\": {}}]}}";
  }

  @Test
  void aLeadingRescalingByOneOver255TakesBytes() throws Exception {
    assertEquals(InputRange.BYTE, KerasConversion.leadingRescaling(sequential(
        "{\"class_name\": \"Rescaling\", \"config\": {\"scale\": 0.00392156862745098, \"offset\": 0.0}}")));
  }

  @Test
  void otherFirstLayersSayNothing() throws Exception {
    assertNull(KerasConversion.leadingRescaling(sequential(
        "{\"class_name\": \"Rescaling\", \"config\": {\"scale\": 0.00784313725490196, \"offset\": -1.0}}")));
    assertNull(KerasConversion.leadingRescaling(sequential("{\"class_name\": \"Flatten\", \"config\": {}}")));
    assertNull(KerasConversion.leadingRescaling(null));
  }
}
