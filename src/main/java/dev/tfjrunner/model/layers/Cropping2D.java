package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's Cropping2D (channels_last): rows and columns removed, cropping ((top, bottom), (left, right)). */
public record Cropping2D(String name, int top, int bottom, int left, int right) implements Layer {

  public Cropping2D {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("cropping must be >= 0");
    }
  }

  public static Cropping2D of(int cropping) {
    return new Cropping2D(null, cropping, cropping, cropping, cropping);
  }

  @Override
  public Cropping2D withName(String n) {
    return new Cropping2D(n, top, bottom, left, right);
  }

  @Override
  public String className() {
    return "Cropping2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    return new long[] {in[0] - top - bottom, in[1] - left - right, in[2]};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    long[] out = call.outputShape();
    return Shapes.crop(call.tf(), x, top, left, out[0], out[1]);
  }
}
