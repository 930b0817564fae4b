package dev.tfjrunner.model.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Keras's BatchNormalization over the last (channel) axis: defaults momentum 0.99, epsilon 1e-3,
 * center and scale. In training it normalises with the batch's mean and biased variance over every
 * other axis, and each step sets {@code moving = moving * momentum + batch * (1 - momentum)}; in
 * evaluation and serving it uses the moving statistics. The moving variance is fed the biased batch
 * variance, as Keras 3 does (Keras 2's fused kernel fed n/(n-1) times it). Weights in Keras's order:
 * gamma and beta (trainable), moving_mean and moving_variance (not trainable).
 */
public record BatchNormalization(
    String name,
    double momentum,
    double epsilon,
    boolean center,
    boolean scale,
    Initializer betaInitializer,
    Initializer gammaInitializer,
    Initializer movingMeanInitializer,
    Initializer movingVarianceInitializer,
    Regularizer betaRegularizer,
    Regularizer gammaRegularizer) implements Layer {

  public BatchNormalization {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
    }
  }

  public static BatchNormalization of() {
    return new BatchNormalization(null, 0.99, 1e-3, true, true, Initializer.ZEROS, Initializer.ONES, Initializer.ZEROS,
        Initializer.ONES, null, null);
  }

  public BatchNormalization momentum(double m) {
    return new BatchNormalization(name, m, epsilon, center, scale, betaInitializer, gammaInitializer,
        movingMeanInitializer, movingVarianceInitializer, betaRegularizer, gammaRegularizer);
  }

  @Override
  public BatchNormalization withName(String n) {
    return new BatchNormalization(n, momentum, epsilon, center, scale, betaInitializer, gammaInitializer,
        movingMeanInitializer, movingVarianceInitializer, betaRegularizer, gammaRegularizer);
  }

  @Override
  public String className() {
    return "BatchNormalization";
  }

  @Override
  public long[] outputShape(long[] in) {
    return in.clone();
  }

  @Override
  public List<WeightSpec> weights(long[] in) {
    long[] channels = {in[in.length - 1]};
    List<WeightSpec> specs = new ArrayList<>();
    if (scale) {
      specs.add(WeightSpec.trainable("gamma", channels, gammaInitializer, gammaRegularizer));
    }
    if (center) {
      specs.add(WeightSpec.trainable("beta", channels, betaInitializer, betaRegularizer));
    }
    specs.add(new WeightSpec("moving_mean", channels, movingMeanInitializer, null, false));
    specs.add(new WeightSpec("moving_variance", channels, movingVarianceInitializer, null, false));
    return specs;
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    int w = 0;
    Operand<TFloat32> gamma = scale ? call.weight(w++) : null;
    Operand<TFloat32> beta = center ? call.weight(w++) : null;
    Operand<TFloat32> movingMean = call.weight(w);
    Operand<TFloat32> movingVariance = call.weight(w + 1);
    Operand<TFloat32> mean = movingMean;
    Operand<TFloat32> variance = movingVariance;
    if (call.inTrainingGraph()) {
      int[] axes = new int[call.inputShape().length]; // every axis of [batch, ...] but the last
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
      Operand<org.tensorflow.types.TInt32> reduce = tf.constant(axes);
      Operand<TFloat32> batchMean = tf.withName("batch_mean").math.mean(x, reduce);
      Operand<TFloat32> batchVariance = tf.withName("batch_variance").math.mean(
          tf.math.squaredDifference(x, tf.stopGradient(batchMean)), reduce, Mean.keepDims(false));
      Operand<org.tensorflow.types.TBool> training = call.training().training();
      mean = tf.select(training, batchMean, movingMean);
      variance = tf.select(training, batchVariance, movingVariance);
      Operand<TFloat32> m = tf.constant((float) momentum);
      Operand<TFloat32> oneMinusM = tf.constant((float) (1 - momentum));
      call.updates().add(new LayerCall.StateUpdate(call.variables().get(w),
          tf.math.add(tf.math.mul(movingMean, m), tf.math.mul(tf.stopGradient(batchMean), oneMinusM))));
      call.updates().add(new LayerCall.StateUpdate(call.variables().get(w + 1),
          tf.math.add(tf.math.mul(movingVariance, m), tf.math.mul(tf.stopGradient(batchVariance), oneMinusM))));
    }
    // (x - mean) / sqrt(variance + epsilon) * gamma + beta
    Operand<TFloat32> inv = tf.math.rsqrt(tf.math.add(variance, tf.constant((float) epsilon)));
    if (gamma != null) {
      inv = tf.math.mul(inv, gamma);
    }
    Operand<TFloat32> y = tf.math.mul(tf.math.sub(x, mean), inv);
    return beta == null ? y : tf.math.add(y, beta);
  }
}
