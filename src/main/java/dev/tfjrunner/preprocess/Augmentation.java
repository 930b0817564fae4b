package dev.tfjrunner.preprocess;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Random image transforms with the semantics of Keras 2.x's {@code ImageDataGenerator}
 * as keras-preprocessing 1.1.2 (its last release) implements it, done in the graph per batch with
 * {@code ImageProjectiveTransformV3}.
 *
 * <p>Per image: angle uniform in [-rotation, rotation] degrees; shifts uniform in
 * [-shift, shift] times the height/width (Keras's {@code tx} is the row shift, drawn from the
 * height range; {@code ty} the column shift); zoom factors zx (rows) and zy (columns) drawn
 * independently in [1 - zoom, 1 + zoom]. Keras's matrix {@code offset . rotation . shift . zoom .
 * reset} about the centre o = size / 2 + 0.5 maps output (row, col) pixels to input ones, as scipy's
 * {@code affine_transform} does, so a factor above 1 zooms out and a positive shift moves the
 * content up/left. Bilinear interpolation, {@code fill} for pixels from outside; then horizontal and
 * vertical flips each with probability 0.5, folded into the same transform (a flip after the affine
 * step is an exact permutation of output pixels). The copy later vendored into Keras recentres on
 * size / 2 - 0.5 and swaps the matrix's axes (its tx then moves columns); this class keeps 1.1.2's.
 *
 * @param rotation degrees
 * @param widthShift fraction of the width
 * @param heightShift fraction of the height
 * @param zoom range around 1
 * <p>Then, as 1.1.2's {@code apply_transform} orders them, two colour transforms from a draw of
 * their own (so they leave the geometric draws alone): {@code channelShiftRange} adds one intensity
 * uniform in [-range, range] (in 0..255 pixel units, as Keras users give it before rescaling) to
 * every channel, clipped to the image's own minimum and maximum ({@code apply_channel_shift});
 * {@code brightnessRange} [lo, hi] draws a factor uniform in it and applies
 * {@code apply_brightness_shift} as Keras does it, quirks included: the image is stretched to
 * 0..255 by its own minimum and maximum ({@code array_to_img(scale=True)}), truncated to 8 bits,
 * multiplied by the factor with PIL's blend (truncated, clipped to 0..255), and not scaled back.
 *
 * @param fill {@code nearest}, {@code constant} (zeros), {@code reflect} or {@code wrap}
 * @param brightnessRange [lo, hi] brightness factors, or null for none (Keras's default)
 * @param channelShiftRange in 0..255 pixel units, 0 for none
 */
public record Augmentation(
    double rotation, double widthShift, double heightShift, double zoom,
    boolean horizontalFlip, boolean verticalFlip, String fill, List<Double> brightnessRange, double channelShiftRange) {

  // Declared before the constants below, which validate against it.
  public static final List<String> FILL_MODES = List.of("nearest", "constant", "reflect", "wrap");

  public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, false, false, "nearest");

  /** The study's digits setting: no flips, since they turn a 6 into a 9. */
  public static final Augmentation DIGITS = new Augmentation(8, 0.1, 0.1, 0.2, false, false, "nearest");

  /** For Fashion-MNIST a mirrored garment is still the same garment. */
  public static final Augmentation FASHION = new Augmentation(8, 0.1, 0.1, 0.2, true, false, "nearest");

  /** Draws per image: angle, tx, ty, zx, zy, horizontal flip, vertical flip. */
  private static final int DRAWS = 7;

  /** The geometric transforms alone. */
  public Augmentation(double rotation, double widthShift, double heightShift, double zoom,
      boolean horizontalFlip, boolean verticalFlip, String fill) {
    this(rotation, widthShift, heightShift, zoom, horizontalFlip, verticalFlip, fill, null, 0);
  }

  public Augmentation {
    if (rotation < 0 || widthShift < 0 || heightShift < 0 || zoom < 0 || zoom >= 1 || channelShiftRange < 0) {
      throw new IllegalArgumentException("augmentation ranges must be >= 0 (zoom < 1)");
    }
    if (brightnessRange != null) {
      if (brightnessRange.size() != 2 || brightnessRange.get(0) == null || brightnessRange.get(1) == null
          || brightnessRange.get(0) < 0 || brightnessRange.get(0) > brightnessRange.get(1)) {
        throw new IllegalArgumentException("brightness range must be LO,HI with 0 <= LO <= HI, got " + brightnessRange);
      }
      brightnessRange = List.copyOf(brightnessRange);
    }
    fill = fill.toLowerCase(Locale.ROOT);
    if (!FILL_MODES.contains(fill)) {
      throw new IllegalArgumentException("fill must be one of " + FILL_MODES + ", got " + fill);
    }
  }

  @JsonIgnore
  public boolean isIdentity() {
    return isGeometricIdentity() && !hasColourShifts();
  }

  private boolean isGeometricIdentity() {
    return rotation == 0 && widthShift == 0 && heightShift == 0 && zoom == 0 && !horizontalFlip && !verticalFlip;
  }

  private boolean hasColourShifts() {
    return brightnessRange != null || channelShiftRange > 0;
  }

  /**
   * One transform per image, each operand [batch].
   *
   * @param theta angle in radians
   * @param tx row shift in pixels
   * @param ty column shift in pixels
   * @param zx zoom factor along rows
   * @param zy zoom factor along columns
   * @param flipHorizontal 1 to mirror left-right after the affine step, else 0
   * @param flipVertical 1 to flip upside down after the affine step, else 0
   */
  record Parameters(Operand<TFloat32> theta, Operand<TFloat32> tx, Operand<TFloat32> ty,
      Operand<TFloat32> zx, Operand<TFloat32> zy, Operand<TFloat32> flipHorizontal, Operand<TFloat32> flipVertical) {}

  /**
   * Transforms [batch, h, w, c] images (h and w known when the graph is built) when
   * {@code training} is true and returns them unchanged otherwise. The random draws come from the
   * stateless {@code seed} ([2] int64), so a given seed always gives the same transforms.
   */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, Operand<TBool> training, Operand<TInt64> seed) {
    if (isIdentity()) {
      return images;
    }
    Ops s = tf.withSubScope("augmentation");
    Operand<TFloat32> augmented = isGeometricIdentity() ? images : transform(s, images, draw(s, images, seed), fill);
    if (hasColourShifts()) {
      augmented = colourShifts(s, augmented, seed);
    }
    // A select, not a cond: Switch/Merge put the whole step on TF's slower control-flow executor
    // (measured +11% per step against +1%); evaluation computes the transform (~1 ms per 128
    // images) and discards it.
    return s.withName("augmented").select(training, augmented, images);
  }

  /** This augmentation's random parameters for each image of {@code images}, from {@code seed}. */
  Parameters draw(Ops s, Operand<TFloat32> images, Operand<TInt64> seed) {
    long[] size = imageSize(images);
    float rad = (float) Math.toRadians(rotation);
    float tx = (float) (heightShift * size[0]);
    float ty = (float) (widthShift * size[1]);
    float z = (float) zoom;
    // u in [0, 1) becomes low + u * span per column; a flip is floor(0.5 + u), 1 with probability 0.5.
    float[] low = {-rad, -tx, -ty, 1 - z, 1 - z, horizontalFlip ? 0.5f : 0, verticalFlip ? 0.5f : 0};
    float[] span = {2 * rad, 2 * tx, 2 * ty, 2 * z, 2 * z, horizontalFlip ? 1 : 0, verticalFlip ? 1 : 0};
    Operand<TInt32> shape = s.concat(List.of(
        s.slice(s.shape(images), s.constant(new int[] {0}), s.constant(new int[] {1})),
        s.constant(new int[] {DRAWS})), s.constant(0));
    Operand<TFloat32> u = s.random.statelessRandomUniform(shape, seed, TFloat32.class);
    List<? extends Operand<TFloat32>> p = s.unstack(
        s.math.add(s.constant(low), s.math.mul(u, s.constant(span))), (long) DRAWS, Unstack.axis(1L)).output();
    return new Parameters(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4), s.math.floor(p.get(5)), s.math.floor(p.get(6)));
  }

  /**
   * Applies the transforms {@code p} to [batch, h, w, c] images: Keras's matrix
   * {@code offset . rotation . shift . zoom . reset}, then the flips, in (row, col, 1)
   * coordinates, sampled bilinearly with {@code fill} outside.
   */
  static Operand<TFloat32> transform(Ops s, Operand<TFloat32> images, Parameters p, String fill) {
    long[] size = imageSize(images);
    float oRow = size[0] / 2f + 0.5f;
    float oCol = size[1] / 2f + 0.5f;
    Operand<TFloat32> zero = s.zerosLike(p.theta());
    Operand<TFloat32> one = s.onesLike(p.theta());
    Operand<TFloat32> cos = s.math.cos(p.theta());
    Operand<TFloat32> sin = s.math.sin(p.theta());
    Operand<TFloat32> rotation = matrix(s, cos, s.math.neg(sin), zero, sin, cos, zero, zero, zero, one);
    Operand<TFloat32> shift = matrix(s, one, zero, p.tx(), zero, one, p.ty(), zero, zero, one);
    Operand<TFloat32> zoom = matrix(s, p.zx(), zero, zero, zero, p.zy(), zero, zero, zero, one);
    // Flipping after the affine step: output (r, c) reads its pixel at (h-1-r or r, w-1-c or c).
    Operand<TFloat32> flipRow = s.math.sub(one, s.math.add(p.flipVertical(), p.flipVertical()));
    Operand<TFloat32> flipCol = s.math.sub(one, s.math.add(p.flipHorizontal(), p.flipHorizontal()));
    Operand<TFloat32> flip = matrix(s,
        flipRow, zero, s.math.mul(p.flipVertical(), s.constant(size[0] - 1f)),
        zero, flipCol, s.math.mul(p.flipHorizontal(), s.constant(size[1] - 1f)),
        zero, zero, one);
    Operand<TFloat32> offset = s.constant(new float[][] {{1, 0, oRow}, {0, 1, oCol}, {0, 0, 1}});
    Operand<TFloat32> reset = s.constant(new float[][] {{1, 0, -oRow}, {0, 1, -oCol}, {0, 0, 1}});
    Operand<TFloat32> m = offset;
    for (Operand<TFloat32> factor : List.of(rotation, shift, zoom, reset, flip)) {
      m = s.train.batchMatMul(m, factor, TFloat32.class);
    }
    // TF maps output (x = col, y = row) to input by [a0 a1 a2; b0 b1 b2; c0 c1]: the row-major
    // entries [m11 m10 m12; m01 m00 m02; m21 m20] of the (row, col) matrix m (whose m20 = m21 = 0).
    Operand<TFloat32> transforms = s.gather(s.reshape(m, s.constant(new int[] {-1, 9})),
        s.constant(new int[] {4, 3, 5, 1, 0, 2, 7, 6}), s.constant(1));
    return s.image.imageProjectiveTransformV3(
        images, transforms, s.constant(new int[] {(int) size[0], (int) size[1]}), s.constant(0f), "BILINEAR",
        ImageProjectiveTransformV3.fillMode(fill.toUpperCase(Locale.ROOT)));
  }

  /** [batch, 3, 3] matrices from their nine [batch] entries, row by row. */
  @SafeVarargs
  private static Operand<TFloat32> matrix(Ops s, Operand<TFloat32>... entries) {
    return s.reshape(s.stack(List.of(entries), Stack.axis(1L)), s.constant(new int[] {-1, 3, 3}));
  }

  /** A second seed for the colour draws, so the geometric draws stay what they were without them. */
  private static final long COLOUR_SEED_MASK = 0x5bd1e9955bd1e995L;

  /** Channel shift, then brightness, per image (see the class comment); images in [0, 1]. */
  Operand<TFloat32> colourShifts(Ops s, Operand<TFloat32> images, Operand<TInt64> seed) {
    Operand<TInt64> colourSeed = s.bitwise.bitwiseXor(seed, s.constant(new long[] {COLOUR_SEED_MASK, COLOUR_SEED_MASK}));
    Operand<TInt32> shape = s.concat(List.of(
        s.slice(s.shape(images), s.constant(new int[] {0}), s.constant(new int[] {1})),
        s.constant(new int[] {2})), s.constant(0));
    List<? extends Operand<TFloat32>> u = s.unstack(s.random.statelessRandomUniform(shape, colourSeed, TFloat32.class),
        2L, Unstack.axis(1L)).output();
    Operand<TInt32> imageAxes = s.constant(new int[] {1, 2, 3});
    Operand<TFloat32> x = images;
    if (channelShiftRange > 0) {
      float range = (float) (channelShiftRange / 255.0);
      Operand<TFloat32> intensity = perImage(s, s.math.add(s.constant(-range), s.math.mul(u.get(0), s.constant(2 * range))));
      Operand<TFloat32> min = s.min(x, imageAxes, org.tensorflow.op.core.Min.keepDims(true));
      Operand<TFloat32> max = s.max(x, imageAxes, org.tensorflow.op.core.Max.keepDims(true));
      x = s.math.minimum(s.math.maximum(s.math.add(x, intensity), min), max);
    }
    if (brightnessRange != null) {
      float lo = brightnessRange.get(0).floatValue();
      float hi = brightnessRange.get(1).floatValue();
      Operand<TFloat32> factor = perImage(s, s.math.add(s.constant(lo), s.math.mul(u.get(1), s.constant(hi - lo))));
      // array_to_img(scale=True): x - min, divided by the new max when it is not 0, times 255, uint8.
      Operand<TFloat32> shifted = s.math.sub(x, s.min(x, imageAxes, org.tensorflow.op.core.Min.keepDims(true)));
      Operand<TFloat32> top = s.max(shifted, imageAxes, org.tensorflow.op.core.Max.keepDims(true));
      Operand<TFloat32> safeTop = s.select(s.math.equal(top, s.zerosLike(top)), s.onesLike(top), top);
      // (+1e-3: our values are v / 255f in float32, Keras's exact 0..255 numbers; truncation must not drop a unit.)
      Operand<TFloat32> bytes = s.math.floor(s.math.add(s.math.mul(s.math.div(shifted, safeTop), s.constant(255f)),
          s.constant(1e-3f)));
      // PIL's blend with black: factor * v, truncated and clipped to 0..255; then Keras's 1/255 rescale.
      Operand<TFloat32> bright = s.math.floor(s.math.minimum(s.math.add(s.math.mul(bytes, factor), s.constant(1e-3f)),
          s.constant(255f)));
      x = s.math.div(bright, s.constant(255f));
    }
    return x;
  }

  /** A [batch] value as [batch, 1, 1, 1], to broadcast over an image. */
  private static Operand<TFloat32> perImage(Ops s, Operand<TFloat32> values) {
    return s.reshape(values, s.constant(new int[] {-1, 1, 1, 1}));
  }

  /** {h, w} of [batch, h, w, c] images, which must be static. */
  private static long[] imageSize(Operand<TFloat32> images) {
    Shape shape = images.shape();
    if (shape.numDimensions() != 4 || shape.get(1) < 0 || shape.get(2) < 0) {
      throw new IllegalArgumentException("augmentation needs [batch, h, w, c] images of known size, got " + shape);
    }
    return new long[] {shape.get(1), shape.get(2)};
  }

  /** For reports and model.json. */
  public String describe() {
    if (isIdentity()) {
      return "none";
    }
    return String.format(Locale.ROOT, "rotation %.0f deg, shift %.2f/%.2f, zoom %.2f%s%s, fill %s",
        rotation, widthShift, heightShift, zoom,
        horizontalFlip ? ", horizontal flip" : "", verticalFlip ? ", vertical flip" : "", fill)
        + (channelShiftRange > 0 ? String.format(Locale.ROOT, ", channel shift %.1f", channelShiftRange) : "")
        + (brightnessRange != null
            ? String.format(Locale.ROOT, ", brightness %.2f-%.2f", brightnessRange.get(0), brightnessRange.get(1)) : "");
  }
}
