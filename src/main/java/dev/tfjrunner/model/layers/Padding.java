package dev.tfjrunner.model.layers;

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
}
