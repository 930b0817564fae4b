package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/** Keras's GlobalAveragePooling2D and GlobalMaxPooling2D: [h, w, c] -> [c] (or [1, 1, c] with keepdims). */
public record GlobalPooling2D(String name, Pooling2D.Kind kind, boolean keepdims) implements Layer {

  public static GlobalPooling2D average() {
    return new GlobalPooling2D(null, Pooling2D.Kind.AVERAGE, false);
  }

  public static GlobalPooling2D max() {
    return new GlobalPooling2D(null, Pooling2D.Kind.MAX, false);
  }

  @Override
  public GlobalPooling2D withName(String n) {
    return new GlobalPooling2D(n, kind, keepdims);
  }

  @Override
  public String className() {
    return kind == Pooling2D.Kind.MAX ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";
  }

  @Override
  public long[] outputShape(long[] in) {
    Shapes.requireRank(className(), in, 3, "height, width, channels");
    return keepdims ? new long[] {1, 1, in[2]} : new long[] {in[2]};
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    Operand<org.tensorflow.types.TInt32> axes = tf.constant(new int[] {1, 2});
    return kind == Pooling2D.Kind.MAX
        ? tf.max(x, axes, Max.keepDims(keepdims))
        : tf.math.mean(x, axes, Mean.keepDims(keepdims));
  }
}
