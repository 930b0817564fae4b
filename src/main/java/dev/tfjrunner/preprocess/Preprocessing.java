package dev.tfjrunner.preprocess;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The reference study's image filters, as graph ops so that training, evaluation and the serving
 * model all apply them (a client of the SavedModel feeds plain pixels / 255).
 *
 * <p>Gaussian blur: kernel [1,2,1; 2,4,2; 1,2,1] / 16 applied {@code blurPasses} times; sharpen:
 * [0,-1,0; -1,5,-1; 0,-1,0]; both with zero padding ("same"), blur first. Results are not
 * clipped: the study convolved float images (zero-padded "same" convolution), which leaves
 * sharpened values outside [0, 1] as they are.
 *
 * @param blurPasses 0 turns blurring off
 */
public record Preprocessing(int blurPasses, boolean sharpen) {

  public static final Preprocessing NONE = new Preprocessing(0, false);

  static final float[][] BLUR_KERNEL = {
      {1 / 16f, 2 / 16f, 1 / 16f},
      {2 / 16f, 4 / 16f, 2 / 16f},
      {1 / 16f, 2 / 16f, 1 / 16f}};

  static final float[][] SHARPEN_KERNEL = {
      {0, -1, 0},
      {-1, 5, -1},
      {0, -1, 0}};

  public Preprocessing {
    if (blurPasses < 0) {
      throw new IllegalArgumentException("blur passes must be >= 0, got " + blurPasses);
    }
  }

  @JsonIgnore
  public boolean isIdentity() {
    return blurPasses == 0 && !sharpen;
  }

  /** Filters [batch, h, w, c] images, each channel on its own; the identity adds no ops. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images) {
    if (isIdentity()) {
      return images;
    }
    Ops scope = tf.withSubScope("preprocessing");
    int channels = (int) images.shape().get(3);
    Operand<TFloat32> x = images;
    if (blurPasses > 0) {
      Operand<TFloat32> blur = kernel(scope, BLUR_KERNEL, channels);
      for (int i = 0; i < blurPasses; i++) {
        x = filter(scope.withName("blur"), x, blur, channels);
      }
    }
    if (sharpen) {
      x = filter(scope.withName("sharpen"), x, kernel(scope, SHARPEN_KERNEL, channels), channels);
    }
    return x;
  }

  /** One channel: a plain convolution (the study's graph); several: a depthwise one, per channel. */
  private static Operand<TFloat32> filter(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int channels) {
    List<Long> strides = List.of(1L, 1L, 1L, 1L);
    return channels == 1 ? tf.nn.conv2d(x, kernel, strides, "SAME") : tf.nn.depthwiseConv2dNative(x, kernel, strides, "SAME");
  }

  /** A 3x3 filter as a kernel [3, 3, channels, 1]: conv2d's for one channel, depthwise's for more. */
  private static Operand<TFloat32> kernel(Ops tf, float[][] k, int channels) {
    float[][][][] filter = new float[3][3][channels][1];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        for (int ch = 0; ch < channels; ch++) {
          filter[r][c][ch][0] = k[r][c];
        }
      }
    }
    return tf.constant(filter);
  }

  /** For reports and model.json. */
  public String describe() {
    if (isIdentity()) {
      return "none";
    }
    String blur = blurPasses > 0 ? "gaussian blur x" + blurPasses : "";
    String sharp = sharpen ? "sharpen" : "";
    return blur.isEmpty() ? sharp : sharp.isEmpty() ? blur : blur + ", " + sharp;
  }
}
