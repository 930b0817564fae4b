package dev.tfjrunner.model.layers;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Keras's Dropout and SpatialDropout2D: inverted dropout with drop probability {@code rate} in
 * training, the identity otherwise; the spatial kind drops whole channels (noise shape [n, 1, 1, c]).
 *
 * @param noiseShared for Dropout's {@code noise_shape}: per axis of [batch, ...], whether one draw
 *     is shared along it (Keras's 1; EfficientNet's [None, 1, 1, 1] drops whole samples); empty
 *     for none
 */
public record Dropout(String name, double rate, boolean spatial, List<Boolean> noiseShared) implements Stochastic {

  public Dropout {
    Stochastic.requireRate(rate);
    noiseShared = List.copyOf(noiseShared);
    if (spatial && !noiseShared.isEmpty()) {
      throw new IllegalArgumentException("SpatialDropout2D has its own noise shape");
    }
  }

  public Dropout(String name, double rate, boolean spatial) {
    this(name, rate, spatial, List.of());
  }

  public static Dropout of(double rate) {
    return new Dropout(null, rate, false);
  }

  public static Dropout spatial2D(double rate) {
    return new Dropout(null, rate, true);
  }

  @Override
  public Dropout withName(String n) {
    return new Dropout(n, rate, spatial, noiseShared);
  }

  @Override
  public String className() {
    return spatial ? "SpatialDropout2D" : "Dropout";
  }

  @Override
  public long[] outputShape(long[] in) {
    if (spatial) {
      Shapes.requireRank(className(), in, 3, "height, width, channels");
    }
    if (!noiseShared.isEmpty() && noiseShared.size() != in.length + 1) {
      throw new IllegalArgumentException("noise_shape of " + noiseShared.size() + " axes does not fit an input of rank "
          + (in.length + 1));
    }
    return in.clone();
  }

  /**
   * {@code x * floor(u + keep) / keep} with keep = 1 - rate while training and keep = 1 otherwise
   * (floor(u + 1) = 1 for u in [0, 1): exactly the identity at evaluation). The mask is off the
   * gradient path: TF has no gradient for its random ops. A serving graph has no dropout ops.
   */
  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    if (!call.inTrainingGraph()) {
      return x;
    }
    Ops scope = call.tf();
    TrainingSwitch training = call.training();
    Operand<TFloat32> active = scope.dtypes.cast(training.training(), TFloat32.class);
    Operand<TFloat32> keep = scope.math.sub(scope.constant(1f), scope.math.mul(active, scope.constant((float) rate)));
    Operand<TInt64> seed = Stochastic.seed(call);
    Operand<TInt64> noiseShape = scope.shape(x, TInt64.class);
    if (spatial || !noiseShared.isEmpty()) {
      // The input's size on each axis but 1 where the draw is shared: shape * own + shared.
      long[] shared = spatial ? new long[] {0, 1, 1, 0} : noiseShared.stream().mapToLong(b -> b ? 1 : 0).toArray();
      long[] own = new long[shared.length];
      for (int i = 0; i < own.length; i++) {
        own[i] = 1 - shared[i];
      }
      noiseShape = scope.math.mul(noiseShape, scope.constant(own));
      noiseShape = scope.math.add(noiseShape, scope.constant(shared));
    }
    Operand<TFloat32> u = scope.random.statelessRandomUniform(noiseShape, seed, TFloat32.class);
    Operand<TFloat32> mask = scope.math.div(scope.math.floor(scope.math.add(u, keep)), keep);
    return scope.math.mul(x, mask);
  }
}
