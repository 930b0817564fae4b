package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's MaxPooling2D and AveragePooling2D: pool_size default 2, strides default the pool size,
 * padding valid. Average pooling with {@code same} padding averages only the pixels inside the image,
 * as Keras (TF's AvgPool) does.
 */
public record Pooling2D(String name, Kind kind, Size2 poolSize, Size2 strides, Padding padding) implements Layer {

  public enum Kind {
    MAX("MaxPooling2D"),
    AVERAGE("AveragePooling2D");

    private final String className;

    Kind(String className) {
      this.className = className;
    }

    public String className() {
      return className;
    }
  }

  public static Pooling2D max(int pool) {
    return new Pooling2D(null, Kind.MAX, Size2.square(pool), Size2.square(pool), Padding.VALID);
  }

  public static Pooling2D average(int pool) {
    return new Pooling2D(null, Kind.AVERAGE, Size2.square(pool), Size2.square(pool), Padding.VALID);
  }

  public Pooling2D strides(int s) {
    return new Pooling2D(name, kind, poolSize, Size2.square(s), padding);
  }

  public Pooling2D padding(Padding p) {
    return new Pooling2D(name, kind, poolSize, strides, p);
  }

  @Override
  public Pooling2D withName(String n) {
    return new Pooling2D(n, kind, poolSize, strides, padding);
  }

  @Override
  public String className() {
    return kind.className();
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    long[] hw = padding.outputShape(in, poolSize, strides, Size2.square(1));
    return new long[] {hw[0], hw[1], in[2]};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    if (kind == Kind.MAX) {
      if (!call.inTrainingGraph()) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, poolSize.rows(), poolSize.cols(), 1}),
            tf.constant(new int[] {1, strides.rows(), strides.cols(), 1}), padding.name());
      }
      // Training graphs take TF's MaxPool, as Keras builds it, not tf.nn.maxPool (MaxPoolV2, window
      // as tensors): oneDNN rewrites only MaxPool's gradient, MaxPoolGradV2 runs Eigen's kernel,
      // about 15x slower (31 of 225 ms of an advanced-CNN step at batch 128). The forward values are
      // the same maxima; inference graphs keep MaxPoolV2 (the exported graphs stay as they were).
      return tf.scope().opBuilder("MaxPool", "MaxPool")
          .addInput(x.asOutput())
          .setAttr("ksize", new long[] {1, poolSize.rows(), poolSize.cols(), 1})
          .setAttr("strides", new long[] {1, strides.rows(), strides.cols(), 1})
          .setAttr("padding", padding.name())
          .build().<TFloat32>output(0);
    }
    return tf.nn.avgPool(x, List.of(1L, (long) poolSize.rows(), (long) poolSize.cols(), 1L),
        List.of(1L, (long) strides.rows(), (long) strides.cols(), 1L), padding.name());
  }
}
