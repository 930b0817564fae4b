package dev.tfjrunner.model.layers;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Shape checks and text shared by the layers. */
public final class Shapes {

  private Shapes() {}

  public static void requireRank(String layerKind, long[] shape, int rank, String hint) {
    if (shape.length != rank) {
      throw new IllegalArgumentException(layerKind + " needs an input of rank " + rank + " (" + hint
          + "), got " + text(shape) + (rank == 1 && shape.length > 1 ? ": add a Flatten before it" : ""));
    }
  }

  /** The shape of a layer that keeps its [height, width, channels] image input's. */
  public static long[] sameImage(String layerKind, long[] shape) {
    requireRank(layerKind, shape, 3, "height, width, channels");
    return shape.clone();
  }

  /** The [height, width, channels] a layer that resizes or crops its image input to height x width gives. */
  public static long[] resizedImage(String layerKind, long[] shape, int height, int width) {
    requireRank(layerKind, shape, 3, "height, width, channels");
    return new long[] {height, width, shape[2]};
  }

  /** A target image size of Resizing or CenterCrop. */
  public static void requireImageSize(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("height and width must be >= 1, got " + height + " and " + width);
    }
  }

  public static long size(long[] shape) {
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  /** {@code (None, 28, 28, 32)}, the batch dimension shown as None like Keras. */
  public static String text(long[] shape) {
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(None, ", ")"));
  }

  /** [-1] + shape, for reshape ops. */
  public static long[] withBatch(long[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = -1;
    System.arraycopy(shape, 0, out, 1, shape.length);
    return out;
  }

  /**
   * The [height, width] window at (top, left) of [n, h, w, c] images; int32 bounds, since TF's
   * Slice gradient mixes them with an int32 shape.
   */
  public static Operand<TFloat32> crop(Ops tf, Operand<TFloat32> x, long top, long left, long height, long width) {
    return tf.slice(x, tf.constant(new int[] {0, (int) top, (int) left, 0}),
        tf.constant(new int[] {-1, (int) height, (int) width, -1}));
  }
}
