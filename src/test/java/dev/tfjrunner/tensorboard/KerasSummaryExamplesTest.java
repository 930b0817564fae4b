package dev.tfjrunner.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Values in, values out, against what real TensorBoard and Keras 3 computed for the same inputs
 * (keras-summary-examples.json, from scripts/keras-fixtures/make_tensorboard_run.py).
 */
class KerasSummaryExamplesTest {

  @Test
  void histogramBucketsAreTensorBoards() throws IOException {
    JsonNode histograms = TensorBoardTest.fixture("keras-summary-examples.json").get("histograms");
    assertEquals(3, histograms.size(), "spread values, 0..3 (edges exactly on bucket boundaries), one repeated value");
    for (JsonNode example : histograms) {
      double[] expected = new double[HistogramBuckets.COUNT * 3];
      int i = 0;
      for (JsonNode row : example.get("buckets")) {
        for (JsonNode cell : row) {
          expected[i++] = cell.asDouble();
        }
      }
      assertEquals(expected.length, i);
      assertArrayEquals(expected, HistogramBuckets.of(floats(example.get("values"))), example.get("values").toString());
    }
  }

  @Test
  void noValuesGiveEmptyBuckets() {
    assertArrayEquals(new double[HistogramBuckets.COUNT * 3], HistogramBuckets.of(new float[0]));
  }

  @Test
  void weightImagesAreDrawnAsKerasDrawsThem() throws IOException {
    JsonNode examples = TensorBoardTest.fixture("keras-summary-examples.json").get("weight_images");
    assertEquals(3, examples.size(), "a bias, a dense kernel (transposed), a convolution kernel (one image per filter)");
    for (JsonNode example : examples) {
      long[] shape = new long[example.get("shape").size()];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = example.get("shape").get(d).asLong();
      }
      String where = example.get("shape").toString();
      Uint8Images images = WeightImages.of(shape, floats(example.get("values")));
      assertEquals(example.get("width").asInt(), images.width(), where);
      assertEquals(example.get("height").asInt(), images.height(), where);
      JsonNode pngs = example.get("pngs");
      assertEquals(pngs.size(), Math.min(images.count(), WeightImages.MAX_OUTPUTS), where);
      for (int i = 0; i < pngs.size(); i++) {
        for (int y = 0; y < images.height(); y++) {
          for (int x = 0; x < images.width(); x++) {
            int pixel = images.pixels()[(i * images.height() + y) * images.width() + x] & 0xff;
            assertEquals(pngs.get(i).get(y).get(x).asInt(), pixel, where + " image " + i + " at " + x + "," + y);
          }
        }
      }
    }
  }

  @Test
  void kerasDrawsNoImageOfRank4KernelsOrScalars() {
    assertNull(WeightImages.of(new long[] {3, 3, 2, 4}, new float[72]));
    assertNull(WeightImages.of(new long[] {1}, new float[1]));
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).asDouble();
    }
    return out;
  }
}
