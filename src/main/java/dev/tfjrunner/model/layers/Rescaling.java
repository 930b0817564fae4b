package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's Rescaling: {@code x * scale + offset} (e.g. scale 1/255 for 0..255 pixels); no weights.
 * Each is one number or one per channel (last axis), as EfficientNet's ImageNet scaling is written.
 */
public record Rescaling(String name, List<Double> scale, List<Double> offset) implements Layer {

  public Rescaling {
    scale = List.copyOf(scale);
    offset = List.copyOf(offset);
    if (scale.isEmpty() || offset.isEmpty()) {
      throw new IllegalArgumentException("scale and offset must each have a value");
    }
  }

  public static Rescaling of(double scale, double offset) {
    return new Rescaling(null, List.of(scale), List.of(offset));
  }

  @Override
  public Rescaling withName(String n) {
    return new Rescaling(n, scale, offset);
  }

  @Override
  public String className() {
    return "Rescaling";
  }

  @Override
  public long[] outputShape(long[] in) {
    for (List<Double> values : List.of(scale, offset)) {
      if (values.size() > 1 && values.size() != in[in.length - 1]) {
        throw new IllegalArgumentException(values.size() + " values of scale or offset do not fit the input's "
            + in[in.length - 1] + " channels");
      }
    }
    return in.clone();
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    return tf.math.add(tf.math.mul(x, constant(tf, scale)), constant(tf, offset));
  }

  /** A scalar, or a vector along the last axis. */
  private static Operand<TFloat32> constant(Ops tf, List<Double> values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i).floatValue();
    }
    return v.length == 1 ? tf.constant(v[0]) : tf.constant(v);
  }
}
