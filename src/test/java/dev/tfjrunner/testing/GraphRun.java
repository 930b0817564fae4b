package dev.tfjrunner.testing;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a tiny graph, runs it once and returns its float output. */
public final class GraphRun {

  private GraphRun() {}

  public static float[] eval(Function<Ops, Operand<TFloat32>> build) {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Operand<TFloat32> out = build.apply(Ops.create(graph));
      try (Result result = session.runner().fetch(out).run()) {
        TFloat32 t = (TFloat32) result.get(0);
        float[] values = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
      }
    }
  }

  /** {@code pixels} (image after image, row-major) as a constant [n, h, w, 1]. */
  public static Operand<TFloat32> images(Ops tf, float[] pixels, int n, int h, int w) {
    return tf.constant(Shape.of(n, h, w, 1), DataBuffers.of(pixels, true, false));
  }

  /** n per-image values as a constant [n]. */
  public static Operand<TFloat32> vector(Ops tf, float... values) {
    return tf.constant(values);
  }
}
