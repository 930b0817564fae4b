package dev.tfjrunner.model.layers;

import dev.tfjrunner.data.folders.Interpolation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's UpSampling2D (channels_last): rows and columns repeated {@code size} times
 * ({@code nearest}, the default) or resized bilinearly with half-pixel centres ({@code bilinear},
 * as Keras 3 resizes).
 */
public record UpSampling2D(String name, Size2 size, Interpolation interpolation) implements Layer {

  public UpSampling2D {
    if (interpolation != Interpolation.NEAREST && interpolation != Interpolation.BILINEAR) {
      throw new IllegalArgumentException("interpolation '" + interpolation.id()
          + "' is not supported (supported: nearest, bilinear)");
    }
  }

  public static UpSampling2D of(int size) {
    return new UpSampling2D(null, Size2.square(size), Interpolation.NEAREST);
  }

  @Override
  public UpSampling2D withName(String n) {
    return new UpSampling2D(n, size, interpolation);
  }

  @Override
  public String className() {
    return "UpSampling2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    return new long[] {in[0] * size.rows(), in[1] * size.cols(), in[2]};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] out = call.outputShape();
    return interpolation.resize(tf, x, tf.constant(new int[] {(int) out[0], (int) out[1]}));
  }
}
