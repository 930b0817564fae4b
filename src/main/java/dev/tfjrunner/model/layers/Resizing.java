package dev.tfjrunner.model.layers;

import dev.tfjrunner.data.folders.Interpolation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Resizing (channels_last): images resized to height x width with {@code interpolation}
 * (default bilinear, half-pixel centres, no antialiasing); with {@code cropToAspectRatio} the
 * largest centred window of the target's aspect ratio is cut out first, so nothing is distorted.
 */
public record Resizing(String name, int height, int width, Interpolation interpolation, boolean cropToAspectRatio)
    implements Layer {

  public Resizing {
    Shapes.requireImageSize(height, width);
  }

  public static Resizing of(int height, int width) {
    return new Resizing(null, height, width, Interpolation.BILINEAR, false);
  }

  @Override
  public Resizing withName(String n) {
    return new Resizing(n, height, width, interpolation, cropToAspectRatio);
  }

  @Override
  public String className() {
    return "Resizing";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.resizedImage(className(), in, height, width);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<TFloat32> images = cropToAspectRatio ? cropToAspect(tf, x, call.inputShape(), height, width) : x;
    return interpolation.resize(tf, images, tf.constant(new int[] {height, width}));
  }

  /**
   * The centred window of [n, h, w, c] images with the aspect ratio of {@code targetHeight x
   * targetWidth}, as Keras's {@code smart_resize} and {@code crop_to_aspect_ratio} cut it.
   */
  static Operand<TFloat32> cropToAspect(Ops tf, Operand<TFloat32> x, long[] in, int targetHeight, int targetWidth) {
    long cropHeight = Math.max(Math.min(in[0], (long) ((double) (in[1] * targetHeight) / targetWidth)), 1);
    long cropWidth = Math.max(Math.min(in[1], (long) ((double) (in[0] * targetWidth) / targetHeight)), 1);
    return Shapes.crop(tf, x, (in[0] - cropHeight) / 2, (in[1] - cropWidth) / 2, cropHeight, cropWidth);
  }
}
