package dev.tfjrunner.preprocess;

import dev.tfjrunner.testing.GraphRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.preprocess.KerasReference.Params;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class AugmentationTest {

  // Not square, so that a row/column mix-up (centre, shift, zoom or flip) shows.
  private static final int H = 12;
  private static final int W = 17;

  /** An asymmetric, smooth-and-edgy test image. */
  private static float[] pattern(int h, int w) {
    float[] image = new float[h * w];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < w; c++) {
        image[r * w + c] = (float) (0.5 + 0.3 * Math.sin(0.9 * r + 0.2) * Math.cos(0.45 * c) + (r * 7 + c * 3) % 5 * 0.04);
      }
    }
    return image;
  }

  /** The images of {@code params} transformed in one batch (each row of params is one image's parameters). */
  private static float[] transform(float[] image, int h, int w, String fill, List<Params> params) {
    int n = params.size();
    float[] batch = new float[n * h * w];
    for (int i = 0; i < n; i++) {
      System.arraycopy(image, 0, batch, i * h * w, h * w);
    }
    return GraphRun.eval(tf -> Augmentation.transform(tf, GraphRun.images(tf, batch, n, h, w), new Augmentation.Parameters(
        column(tf, params, p -> Math.toRadians(p.theta())), column(tf, params, Params::tx), column(tf, params, Params::ty),
        column(tf, params, Params::zx), column(tf, params, Params::zy),
        column(tf, params, p -> p.flipHorizontal() ? 1 : 0), column(tf, params, p -> p.flipVertical() ? 1 : 0)), fill));
  }

  private static Operand<TFloat32> column(Ops tf, List<Params> params, java.util.function.ToDoubleFunction<Params> f) {
    float[] values = new float[params.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) f.applyAsDouble(params.get(i));
    }
    return GraphRun.vector(tf, values);
  }

  private static float[] image(float[] batch, int index, int h, int w) {
    return Arrays.copyOfRange(batch, index * h * w, (index + 1) * h * w);
  }

  private static Params shift(double tx, double ty) {
    return new Params(0, tx, ty, 1, 1, false, false);
  }

  @Test
  void identityAugmentationAddsNoOps() {
    Augmentation none = new Augmentation(0, 0, 0, 0, false, false, "nearest");
    assertTrue(none.isIdentity());
    assertFalse(Augmentation.DIGITS.isIdentity());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> images = GraphRun.images(tf, new float[H * W], 1, H, W);
      Operand<TBool> training = tf.constant(true);
      Operand<TInt64> seed = tf.constant(new long[] {1, 2});
      int before = PreprocessingTest.count(graph);
      assertSame(images, none.apply(tf, images, training, seed));
      assertEquals(before, PreprocessingTest.count(graph));
    }
  }

  @Test
  void neutralParametersGiveTheImageBack() {
    float[] image = pattern(H, W);
    assertArrayEquals(image, transform(image, H, W, "nearest", List.of(shift(0, 0))), 1e-6f);
  }

  @Test
  void shiftMovesThePatternByWholePixels() {
    float[] image = pattern(H, W);
    // Keras's tx moves rows, ty columns; output (r, c) reads input (r + tx, c + ty).
    float[] out = transform(image, H, W, "nearest", List.of(shift(2, -3)));
    for (int r = 0; r < H; r++) {
      for (int c = 0; c < W; c++) {
        int fromRow = Math.min(r + 2, H - 1);
        int fromCol = Math.max(c - 3, 0);
        assertEquals(image[fromRow * W + fromCol], out[r * W + c], 1e-6f, "(" + r + ", " + c + ")");
      }
    }
  }

  @Test
  void nearestFillRepeatsTheEdgePixels() {
    float[] image = pattern(H, W);
    float[] out = transform(image, H, W, "nearest", List.of(shift(-4, 5)));
    for (int c = 0; c < W - 5; c++) {
      for (int r = 0; r <= 4; r++) {
        assertEquals(image[c + 5], out[r * W + c], 1e-6f, "top rows repeat input row 0");
      }
    }
    for (int r = 4; r < H; r++) {
      for (int c = W - 6; c < W; c++) {
        assertEquals(image[(r - 4) * W + W - 1], out[r * W + c], 1e-6f, "right columns repeat input column w-1");
      }
    }
  }

  @Test
  void constantFillUsesZeros() {
    float[] out = transform(pattern(H, W), H, W, "constant", List.of(shift(3, 0)));
    for (int c = 0; c < W; c++) {
      assertEquals(0f, out[(H - 1) * W + c], 0f);
    }
  }

  @Test
  void flipsMirrorExactly() {
    float[] image = pattern(H, W);
    float[] out = transform(image, H, W, "nearest", List.of(
        new Params(0, 0, 0, 1, 1, true, false), new Params(0, 0, 0, 1, 1, false, true)));
    assertArrayEquals(KerasReference.flip(image, H, W, false, true), image(out, 0, H, W), 1e-6f);
    assertArrayEquals(KerasReference.flip(image, H, W, true, false), image(out, 1, H, W), 1e-6f);
  }

  @Test
  void rotationZoomShiftAndFlipsMatchKerasWithScipy() {
    List<Params> params = List.of(
        new Params(8, 0, 0, 1, 1, false, false),
        new Params(-35, 0, 0, 1, 1, false, false),
        new Params(0, 0, 0, 1.2, 0.85, false, false),
        new Params(0, 0, 0, 0.8, 1.15, false, false),
        new Params(-7, 1.3, -2.2, 0.9, 1.15, false, false),
        new Params(6.5, -0.7, 1.6, 1.1, 0.95, true, false),
        new Params(-3, 2.4, 0.3, 1.05, 1.18, true, true));
    for (int[] size : new int[][] {{H, W}, {28, 28}}) {
      float[] image = pattern(size[0], size[1]);
      float[] out = transform(image, size[0], size[1], "nearest", params);
      for (int i = 0; i < params.size(); i++) {
        float[] expected = KerasReference.apply(image, size[0], size[1], params.get(i));
        assertEquals(0, maxAbsDiff(expected, image(out, i, size[0], size[1])), 1e-4, params.get(i) + " at " + Arrays.toString(size));
      }
    }
  }

  @Test
  void drawsFollowKerasRanges() {
    int n = 2000;
    Augmentation a = new Augmentation(10, 0.2, 0.1, 0.25, true, false, "nearest");
    float[][] p = new float[7][];
    try (Graph graph = new Graph(); var session = new org.tensorflow.Session(graph)) {
      Ops tf = Ops.create(graph);
      Augmentation.Parameters d = a.draw(tf, GraphRun.images(tf, new float[n * H * W], n, H, W), tf.constant(new long[] {7, 11}));
      List<Operand<TFloat32>> all = List.of(d.theta(), d.tx(), d.ty(), d.zx(), d.zy(), d.flipHorizontal(), d.flipVertical());
      var runner = session.runner();
      all.forEach(runner::fetch);
      try (var result = runner.run()) {
        for (int i = 0; i < 7; i++) {
          p[i] = new float[n];
          ((TFloat32) result.get(i)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(p[i], false, false));
        }
      }
    }
    assertRange(p[0], Math.toRadians(10), 0);
    assertRange(p[1], 0.1 * H, 0); // tx: rows, from the height range
    assertRange(p[2], 0.2 * W, 0); // ty: columns, from the width range
    assertRange(p[3], 0.25, 1);
    assertRange(p[4], 0.25, 1);
    assertFalse(Arrays.equals(p[3], p[4]), "zx and zy are drawn independently");
    double heads = 0;
    for (int i = 0; i < n; i++) {
      assertTrue(p[5][i] == 0 || p[5][i] == 1);
      heads += p[5][i];
      assertEquals(0f, p[6][i], "vertical flip is off");
    }
    assertEquals(0.5, heads / n, 0.05);
  }

  /** All of values in [centre - half, centre + half], and spread over most of it. */
  private static void assertRange(float[] values, double half, double centre) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(min >= centre - half - 1e-5 && max <= centre + half + 1e-5, "[" + min + ", " + max + "] within +-" + half);
    assertTrue(min < centre - 0.95 * half && max > centre + 0.95 * half, "[" + min + ", " + max + "] covers +-" + half);
  }

  @Test
  void appliesOnlyWhenTrainingAndFreshPerSeed() {
    float[] image = pattern(28, 28);
    float[] training1 = augmentOnce(image, true, 1);
    assertArrayEquals(image, augmentOnce(image, false, 1), 0f);
    assertArrayEquals(training1, augmentOnce(image, true, 1), 0f);
    assertTrue(maxAbsDiff(training1, augmentOnce(image, true, 2)) > 1e-3);
    assertTrue(maxAbsDiff(training1, image) > 1e-3);
  }

  private static float[] augmentOnce(float[] image, boolean training, long step) {
    return GraphRun.eval(tf -> Augmentation.DIGITS.apply(
        tf, GraphRun.images(tf, image, 1, 28, 28), tf.constant(training), tf.constant(new long[] {42, step})));
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Keras's channel_shift_range and brightness_range on real digits, checked against their definitions. */
  @Test
  void channelShiftAndBrightnessFollowKerasDefinitions() {
    float[] digits = dev.tfjrunner.testing.TestData.testImages(4).pixels();
    int n = 4;
    int size = 28 * 28;
    Augmentation shift = new Augmentation(0, 0, 0, 0, false, false, "nearest", null, 60);
    float[] shifted = GraphRun.eval(tf -> shift.colourShifts(tf, GraphRun.images(tf, digits, n, 28, 28),
        tf.constant(new long[] {1, 2})));
    for (int i = 0; i < n; i++) {
      // One intensity for the image, clipped to its own range (0..1 for these digits).
      float intensity = Float.NaN;
      for (int p = 0; p < size; p++) {
        float x = digits[i * size + p];
        float y = shifted[i * size + p];
        assertTrue(y >= 0 && y <= 1, "clipped to the image's min and max");
        if (y > 0 && y < 1) {
          if (Float.isNaN(intensity)) {
            intensity = y - x;
          }
          assertEquals(intensity, y - x, 1e-5f);
        }
      }
      assertTrue(Math.abs(intensity) <= 60 / 255f + 1e-6f, "within the range: " + intensity);
    }

    Augmentation same = new Augmentation(0, 0, 0, 0, false, false, "nearest", List.of(1.0, 1.0), 0);
    float[] unchanged = GraphRun.eval(tf -> same.colourShifts(tf, GraphRun.images(tf, digits, n, 28, 28),
        tf.constant(new long[] {1, 2})));
    assertArrayEquals(digits, unchanged, 1e-6f, "factor 1 on 0..255 images is the identity");

    Augmentation brighter = new Augmentation(0, 0, 0, 0, false, false, "nearest", List.of(1.5, 1.5), 0);
    float[] bright = GraphRun.eval(tf -> brighter.colourShifts(tf, GraphRun.images(tf, digits, n, 28, 28),
        tf.constant(new long[] {1, 2})));
    for (int p = 0; p < n * size; p++) {
      int v = Math.round(digits[p] * 255);
      assertEquals(Math.min(255, (int) (v * 1.5f)) / 255f, bright[p], 1e-6f, "PIL's blend: trunc(1.5 v), clipped");
    }
  }
}
