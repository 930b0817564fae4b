package dev.tfjrunner.data.folders;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Resizes pictures with TensorFlow's own kernels, as Keras 3's {@code image_dataset_from_directory}
 * does ({@code tf.image.resize(antialias=False)}): ResizeBilinear, ResizeNearestNeighbor and
 * ResizeBicubic with {@code half_pixel_centers=true}, ResizeArea with {@code align_corners=false}.
 * Keras keeps the float result (0..255); we round it to the nearest 8-bit value, clamped, since
 * images are stored as bytes. A small graph and session of its own, safe to call from several
 * threads; close it.
 */
public final class Resizer implements AutoCloseable {

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat32> image;
  private final Placeholder<TInt32> size;
  private final Operand<TFloat32> resized;
  private final int targetHeight;
  private final int targetWidth;

  /** @param config the session's threads: pass the run's, since TF sizes its pools by the first session */
  public Resizer(Interpolation interpolation, int targetHeight, int targetWidth, ConfigProto config) {
    this.targetHeight = targetHeight;
    this.targetWidth = targetWidth;
    Ops tf = Ops.create(graph);
    image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, -1, -1, -1)));
    size = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(2)));
    resized = interpolation.resize(tf, image, size);
    session = new Session(graph, config);
  }

  /**
   * {@code pixels} ({@code height x width x channels} bytes) at the target size; the same array
   * when it already has that size (every method is the identity then).
   */
  public byte[] resize(byte[] pixels, int height, int width, int channels) {
    if (height == targetHeight && width == targetWidth) {
      return pixels;
    }
    float[] values = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      values[i] = pixels[i] & 0xff;
    }
    float[] out = new float[targetHeight * targetWidth * channels];
    try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, height, width, channels), DataBuffers.of(values, true, false));
        TInt32 sizeValue = TInt32.vectorOf(targetHeight, targetWidth);
        Result result = session.runner().feed(image, in).feed(size, sizeValue).fetch(resized).run()) {
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
    }
    byte[] bytes = new byte[out.length];
    for (int i = 0; i < out.length; i++) {
      bytes[i] = (byte) Math.round(Math.min(255f, Math.max(0f, out[i])));
    }
    return bytes;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
