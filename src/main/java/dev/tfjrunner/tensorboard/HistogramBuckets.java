package dev.tfjrunner.tensorboard;

/**
 * The buckets {@code tf.summary.histogram} (TensorBoard's histogram summary_v2, which Keras 3's
 * TensorBoard callback uses) stores: {@value #COUNT} rows of {@code [left edge, right edge, count]}
 * in float64 over equal-width buckets from the minimum to the maximum, the last bucket closed.
 * Same arithmetic as TensorBoard's TF code, so the same values give the same buckets.
 */
final class HistogramBuckets {

  /** tf.summary.histogram's default bucket count. */
  static final int COUNT = 30;

  private HistogramBuckets() {}

  /**
   * Row-major {@code [COUNT, 3]}: all zeros for no values; for values that are all equal, every
   * edge that value and the whole count in the last bucket. Values must be finite.
   */
  static double[] of(float[] values) {
    double[] rows = new double[COUNT * 3];
    if (values.length == 0) {
      return rows;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    if (range == 0) {
      for (int i = 0; i < COUNT; i++) {
        rows[3 * i] = max;
        rows[3 * i + 1] = max;
      }
      rows[3 * COUNT - 1] = values.length;
      return rows;
    }
    double width = range / COUNT;
    for (float v : values) {
      int bucket = Math.min((int) Math.floor((v - min) / width), COUNT - 1);
      rows[3 * bucket + 2]++;
    }
    // tf.linspace(min, max, COUNT + 1) with its last edge forced to max, as TensorBoard does.
    for (int i = 0; i < COUNT; i++) {
      rows[3 * i] = min + width * i;
      rows[3 * i + 1] = i == COUNT - 1 ? max : min + width * (i + 1);
    }
    return rows;
  }
}
