package dev.tfjrunner.preprocess;

import dev.tfjrunner.testing.GraphRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class PreprocessingTest {

  private static final float EPS = 1e-6f;

  private static float[] apply(Preprocessing p, float[] image, int h, int w) {
    return GraphRun.eval(tf -> p.apply(tf, GraphRun.images(tf, image, 1, h, w)));
  }

  private static float[] pixel(int h, int w, int row, int col) {
    float[] image = new float[h * w];
    image[row * w + col] = 1;
    return image;
  }

  /**
   * The blur is separable and so is zero padding: N passes on a pixel at (row, col) give
   * b(row) * b(col) with b = B^N e, B the 1-D [1, 2, 1] / 4 filter cut off at the borders.
   */
  private static double[] blurredPixel1d(int n, int at, int passes) {
    double[] v = new double[n];
    v[at] = 1;
    for (int p = 0; p < passes; p++) {
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        next[i] = (2 * v[i] + (i > 0 ? v[i - 1] : 0) + (i < n - 1 ? v[i + 1] : 0)) / 4;
      }
      v = next;
    }
    return v;
  }

  @Test
  void onePassOnAPixelIsTheKernelAndLosesWhatFallsOffTheBorder() {
    float[] centre = apply(new Preprocessing(1, false), pixel(5, 6, 2, 3), 5, 6);
    for (int r = 0; r < 5; r++) {
      for (int c = 0; c < 6; c++) {
        boolean near = Math.abs(r - 2) <= 1 && Math.abs(c - 3) <= 1;
        float expected = near ? Preprocessing.BLUR_KERNEL[r - 1][c - 2] : 0;
        assertEquals(expected, centre[r * 6 + c], EPS, "(" + r + ", " + c + ")");
      }
    }
    // In the corner only the kernel's lower-right 2x2 stays inside: 9 / 16 of the mass.
    float[] corner = apply(new Preprocessing(1, false), pixel(5, 6, 0, 0), 5, 6);
    assertEquals(4 / 16f, corner[0], EPS);
    assertEquals(2 / 16f, corner[1], EPS);
    assertEquals(2 / 16f, corner[6], EPS);
    assertEquals(1 / 16f, corner[7], EPS);
    assertEquals(9 / 16f, sum(corner), EPS);
  }

  @Test
  void twoPassesAreTheFiveByFiveBinomialKernelAwayFromTheBorder() {
    int[] binomial = {1, 4, 6, 4, 1};
    float[] out = apply(new Preprocessing(2, false), pixel(9, 9, 4, 4), 9, 9);
    for (int r = 0; r < 9; r++) {
      for (int c = 0; c < 9; c++) {
        boolean near = Math.abs(r - 4) <= 2 && Math.abs(c - 4) <= 2;
        float expected = near ? binomial[r - 2] * binomial[c - 2] / 256f : 0;
        assertEquals(expected, out[r * 9 + c], EPS, "(" + r + ", " + c + ")");
      }
    }
  }

  @Test
  void twoPassesNearTheBorderLoseTheFirstPassesOverflow() {
    // Not the truncated 5x5 kernel (36/256 at the corner): what the first pass pushed outside is gone.
    float[] corner = apply(new Preprocessing(2, false), pixel(7, 8, 0, 0), 7, 8);
    assertEquals(25 / 256f, corner[0], EPS);
    for (int[] at : new int[][] {{0, 0}, {1, 0}, {0, 5}, {6, 7}, {3, 4}}) {
      float[] out = apply(new Preprocessing(2, false), pixel(7, 8, at[0], at[1]), 7, 8);
      double[] rows = blurredPixel1d(7, at[0], 2);
      double[] cols = blurredPixel1d(8, at[1], 2);
      for (int r = 0; r < 7; r++) {
        for (int c = 0; c < 8; c++) {
          assertEquals(rows[r] * cols[c], out[r * 8 + c], EPS, "pixel " + at[0] + "," + at[1] + " at " + r + "," + c);
        }
      }
    }
  }

  @Test
  void sharpenKeepsAConstantExceptAtTheZeroPaddedBorder() {
    int h = 5;
    int w = 7;
    float c = 0.7f;
    float[] image = new float[h * w];
    java.util.Arrays.fill(image, c);
    float[] out = apply(new Preprocessing(0, true), image, h, w);
    for (int r = 0; r < h; r++) {
      for (int col = 0; col < w; col++) {
        // 5c minus one c per neighbour inside: 4 inside -> c, 3 (edge) -> 2c, 2 (corner) -> 3c.
        int outside = (r == 0 || r == h - 1 ? 1 : 0) + (col == 0 || col == w - 1 ? 1 : 0);
        assertEquals((1 + outside) * c, out[r * w + col], EPS, "(" + r + ", " + col + ")");
      }
    }
  }

  @Test
  void sharpenedValuesAreNotClipped() {
    float[] image = new float[5 * 5];
    image[12] = 1; // a lone bright pixel: 5 at its centre, -1 beside it
    float[] out = apply(new Preprocessing(0, true), image, 5, 5);
    assertEquals(5f, out[12], EPS);
    assertEquals(-1f, out[7], EPS);
  }

  @Test
  void sharpenRunsAfterTheBlur() {
    float[] image = pixel(6, 6, 2, 3);
    float[] blurred = apply(new Preprocessing(3, false), image, 6, 6);
    float[] expected = apply(new Preprocessing(0, true), blurred, 6, 6);
    assertArrayEquals(expected, apply(new Preprocessing(3, true), image, 6, 6), EPS);
  }

  @Test
  void noneAddsNoOps() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> images = GraphRun.images(tf, new float[4], 1, 2, 2);
      int before = count(graph);
      assertTrue(Preprocessing.NONE.isIdentity());
      assertSame(images, Preprocessing.NONE.apply(tf, images));
      assertEquals(before, count(graph));
    }
  }

  static int count(Graph graph) {
    int n = 0;
    for (var it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }

  private static float sum(float[] values) {
    float s = 0;
    for (float v : values) {
      s += v;
    }
    return s;
  }

  /** Colour images are filtered channel by channel, each exactly as a grayscale image would be. */
  @Test
  void colourImagesAreFilteredPerChannel() {
    int h = 5;
    int w = 6;
    float[][] channels = {pixel(h, w, 2, 3), pixel(h, w, 0, 0), pixel(h, w, 4, 5)};
    float[] rgb = new float[h * w * 3];
    for (int i = 0; i < h * w; i++) {
      for (int c = 0; c < 3; c++) {
        rgb[3 * i + c] = channels[c][i] * (c + 1);
      }
    }
    Preprocessing p = new Preprocessing(2, true);
    float[] out = GraphRun.eval(tf -> p.apply(tf, tf.constant(Shape.of(1, h, w, 3),
        DataBuffers.of(rgb, true, false))));
    for (int c = 0; c < 3; c++) {
      float[] gray = channels[c].clone();
      for (int i = 0; i < gray.length; i++) {
        gray[i] *= c + 1;
      }
      float[] expected = apply(p, gray, h, w);
      for (int i = 0; i < h * w; i++) {
        assertEquals(expected[i], out[3 * i + c], EPS, "channel " + c + " pixel " + i);
      }
    }
  }
}
