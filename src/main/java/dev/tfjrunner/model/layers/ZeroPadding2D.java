package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** Keras's ZeroPadding2D: zero rows and columns around [h, w, c]; padding ((top, bottom), (left, right)). */
public record ZeroPadding2D(String name, int top, int bottom, int left, int right) implements Layer {

  public ZeroPadding2D {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException("padding must be >= 0");
    }
  }

  public static ZeroPadding2D of(int padding) {
    return new ZeroPadding2D(null, padding, padding, padding, padding);
  }

  @Override
  public ZeroPadding2D withName(String n) {
    return new ZeroPadding2D(n, top, bottom, left, right);
  }

  @Override
  public String className() {
    return "ZeroPadding2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    return new long[] {in[0] + top + bottom, in[1] + left + right, in[2]};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.tf().pad(x, call.tf().constant(new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}),
        call.tf().constant(0f));
  }
}
