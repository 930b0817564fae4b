package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Keras's {@code padding} of convolutions and pooling. */
public enum Padding {
  VALID,
  SAME;

  /**
   * Output length along one axis: {@code valid} floor((n - d*(k-1) - 1) / s) + 1, {@code same}
   * ceil(n / s); Keras's conv_output_length. Below 1 is an error naming the sizes.
   */
  public long outputLength(long n, int kernel, int stride, int dilation) {
    long length = this == SAME ? (n + stride - 1) / stride
        : Math.floorDiv(n - (long) dilation * (kernel - 1) - 1, stride) + 1;
    if (length < 1) {
      throw new IllegalArgumentException("a window of " + ((long) dilation * (kernel - 1) + 1) + " does not fit in "
          + n + " (padding " + name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
    return length;
  }

  /** The spatial output shape [h, w] of a window op over [h, w, ...]. */
  public long[] outputShape(long[] in, Size2 window, Size2 strides, Size2 dilation) {
    return new long[] {
        outputLength(in[0], window.rows(), strides.rows(), dilation.rows()),
        outputLength(in[1], window.cols(), strides.cols(), dilation.cols())};
  }

  /**
   * The padding a convolution op runs with. TF 2.18's oneDNN backward kernels crash the JVM (SIGILL)
   * for a dilated VALID window, so that one runs SAME and {@link #cropToValid} cuts the VALID part
   * out of it: exact, since dilation above 1 implies stride 1.
   */
  public String opPadding(Size2 dilation) {
    return this == VALID && !dilation.isOne() ? SAME.name() : name();
  }

  /** {@code y} of an op run with {@link #opPadding}, as this padding's output [n, out[0], out[1], c]. */
  public Operand<TFloat32> cropToValid(Ops tf, Operand<TFloat32> y, Size2 kernel, Size2 dilation, long[] out) {
    if (opPadding(dilation).equals(name())) {
      return y;
    }
    // SAME pads d*(k-1) in all, the smaller half before: VALID's row i is SAME's row i + top.
    return Shapes.crop(tf, y, (long) dilation.rows() * (kernel.rows() - 1) / 2,
        (long) dilation.cols() * (kernel.cols() - 1) / 2, out[0], out[1]);
  }
}
