package dev.tfjrunner.model.layers;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's weight initializers, drawn with TF's stateless random ops: the same (seed, stream)
 * always gives the same values, so runs are reproducible without any random state to save.
 *
 * <p>Not {@code org.tensorflow.framework.initializers}: in 1.1.0 its Glorot UNIFORM draws from
 * [0, limit) instead of [-limit, limit) and its fans multiply in the input channels twice for conv
 * kernels, so it does not reproduce Keras.
 */
public sealed interface Initializer {

  Operand<TFloat32> create(Ops tf, long[] shape, long seed, long stream);

  Initializer GLOROT_UNIFORM = new VarianceScaling(1, Mode.FAN_AVG, Distribution.UNIFORM);
  Initializer GLOROT_NORMAL = new VarianceScaling(1, Mode.FAN_AVG, Distribution.TRUNCATED_NORMAL);
  Initializer HE_UNIFORM = new VarianceScaling(2, Mode.FAN_IN, Distribution.UNIFORM);
  Initializer HE_NORMAL = new VarianceScaling(2, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL);
  Initializer LECUN_UNIFORM = new VarianceScaling(1, Mode.FAN_IN, Distribution.UNIFORM);
  Initializer LECUN_NORMAL = new VarianceScaling(1, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL);
  Initializer ZEROS = new Constant(0);
  Initializer ONES = new Constant(1);

  enum Mode {
    FAN_IN,
    FAN_OUT,
    FAN_AVG;

    public String kerasName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  enum Distribution {
    /** Keras 2.0-2.2 write this as {@code normal}. */
    TRUNCATED_NORMAL,
    UNTRUNCATED_NORMAL,
    UNIFORM;

    public String kerasName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Keras's VarianceScaling, the family of glorot_*, he_* and lecun_*: uniform in +-sqrt(3 scale /
   * fan), or a normal with sd sqrt(scale / fan), truncated at 2 sd and divided by 0.8796... so the
   * truncated draw keeps that sd. A conv kernel [kh, kw, in, out] has fan_in kh*kw*in and fan_out
   * kh*kw*out.
   */
  record VarianceScaling(double scale, Mode mode, Distribution distribution) implements Initializer {
    public VarianceScaling {
      if (!(scale > 0)) {
        throw new IllegalArgumentException("VarianceScaling scale must be > 0, got " + scale);
      }
    }

    @Override
    public Operand<TFloat32> create(Ops tf, long[] shape, long seed, long stream) {
      double fanIn;
      double fanOut;
      if (shape.length == 1) {
        fanIn = fanOut = shape[0];
      } else {
        long receptiveField = 1;
        for (int i = 0; i < shape.length - 2; i++) {
          receptiveField *= shape[i];
        }
        fanIn = shape[shape.length - 2] * receptiveField;
        fanOut = shape[shape.length - 1] * receptiveField;
      }
      double fan = switch (mode) {
        case FAN_IN -> fanIn;
        case FAN_OUT -> fanOut;
        case FAN_AVG -> (fanIn + fanOut) / 2.0;
      };
      fan = Math.max(1, fan);
      Operand<TInt64> seeds = tf.constant(new long[] {seed, stream});
      Operand<TInt64> dims = tf.constant(shape);
      return switch (distribution) {
        case UNIFORM -> {
          // 3 scale / fan, not 3 * (scale / fan): for glorot this is exactly sqrt(6 / (fan_in + fan_out))
          float limit = (float) Math.sqrt(3 * scale / fan);
          Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims, seeds, TFloat32.class);
          // u in [0, 1) -> [-limit, limit)
          yield tf.math.mul(tf.math.sub(tf.math.mul(unit, tf.constant(2f)), tf.constant(1f)), tf.constant(limit));
        }
        case TRUNCATED_NORMAL -> tf.math.mul(tf.random.statelessTruncatedNormal(dims, seeds, TFloat32.class),
            tf.constant((float) (Math.sqrt(scale / fan) / 0.87962566103423978)));
        case UNTRUNCATED_NORMAL -> tf.math.mul(tf.random.statelessRandomNormal(dims, seeds, TFloat32.class),
            tf.constant((float) Math.sqrt(scale / fan)));
      };
    }
  }

  /** Keras's RandomUniform (default +-0.05). */
  record RandomUniform(double minval, double maxval) implements Initializer {
    @Override
    public Operand<TFloat32> create(Ops tf, long[] shape, long seed, long stream) {
      Operand<TFloat32> unit = tf.random.statelessRandomUniform(tf.constant(shape), tf.constant(new long[] {seed, stream}),
          TFloat32.class);
      return tf.math.add(tf.math.mul(unit, tf.constant((float) (maxval - minval))), tf.constant((float) minval));
    }
  }

  /**
   * Keras's RandomNormal (mean 0, sd 0.05) and TruncatedNormal (the same, redrawn beyond 2 sd).
   */
  record RandomNormal(double mean, double stddev, boolean truncated) implements Initializer {
    @Override
    public Operand<TFloat32> create(Ops tf, long[] shape, long seed, long stream) {
      Operand<TInt64> dims = tf.constant(shape);
      Operand<TInt64> seeds = tf.constant(new long[] {seed, stream});
      Operand<TFloat32> unit = truncated ? tf.random.statelessTruncatedNormal(dims, seeds, TFloat32.class)
          : tf.random.statelessRandomNormal(dims, seeds, TFloat32.class);
      return tf.math.add(tf.math.mul(unit, tf.constant((float) stddev)), tf.constant((float) mean));
    }
  }

  /** Keras's Zeros, Ones and Constant. */
  record Constant(double value) implements Initializer {
    @Override
    public Operand<TFloat32> create(Ops tf, long[] shape, long seed, long stream) {
      return tf.fill(tf.constant(shape), tf.constant((float) value));
    }
  }
}
