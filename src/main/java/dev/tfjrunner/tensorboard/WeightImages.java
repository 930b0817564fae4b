package dev.tfjrunner.tensorboard;

import java.util.Arrays;

/**
 * A weight drawn as Keras 3's TensorBoard callback draws it with {@code write_images}
 * ({@code _log_weight_as_image}), after squeezing out dimensions of size 1: a vector (bias, BN
 * parameters) as one image of 1 column; a matrix (dense kernel) as one image, transposed first when
 * it has more rows than columns; a rank-3 tensor (a convolution kernel with one input channel)
 * as one image per output channel. Other ranks (a 3x3x32x32 kernel, a scalar) get no image.
 * Grayscale; the float values are converted as {@code tf.summary.image} converts them
 * ({@link Uint8Images#ofFloats}).
 */
final class WeightImages {

  /** tf.summary.image's default max_outputs, which Keras's callback keeps: 3 images per weight. */
  static final int MAX_OUTPUTS = 3;

  private WeightImages() {}

  /**
   * @param shape the weight's TF shape, e.g. {@code [3, 3, 1, 32]}
   * @param values its values, row-major
   * @return the images, or null when Keras draws none for this shape
   */
  static Uint8Images of(long[] shape, float[] values) {
    int[] dims = Arrays.stream(shape).filter(d -> d != 1).mapToInt(Math::toIntExact).toArray();
    switch (dims.length) {
      case 1:
        return Uint8Images.ofFloats(values, 1, dims[0], 1, 1);
      case 2:
        if (dims[0] > dims[1]) {
          return Uint8Images.ofFloats(transpose(values, dims[0], dims[1]), 1, dims[1], dims[0], 1);
        }
        return Uint8Images.ofFloats(values, 1, dims[0], dims[1], 1);
      case 3:
        // [h, w, c] channels-last to [c, h, w]: every channel its own image.
        return Uint8Images.ofFloats(transpose(values, dims[0] * dims[1], dims[2]), dims[2], dims[0], dims[1], 1);
      default:
        return null;
    }
  }

  /** The transpose of a row-major {@code rows x columns} matrix. */
  private static float[] transpose(float[] values, int rows, int columns) {
    float[] out = new float[values.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out[c * rows + r] = values[r * columns + c];
      }
    }
    return out;
  }
}
