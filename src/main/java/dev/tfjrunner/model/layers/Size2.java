package dev.tfjrunner.model.layers;

/** A (rows, columns) pair, as Keras's kernel_size, strides, pool_size and dilation_rate. */
public record Size2(int rows, int cols) {

  public Size2 {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("sizes must be >= 1, got (" + rows + ", " + cols + ")");
    }
  }

  public static Size2 square(int n) {
    return new Size2(n, n);
  }

  public boolean isOne() {
    return rows == 1 && cols == 1;
  }

  @Override
  public String toString() {
    return "(" + rows + ", " + cols + ")";
  }
}
