package dev.tfjrunner.train;

import dev.tfjrunner.model.Network.Weight;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Adam as Keras 2.x's OptimizerV2 computes it ({@code optimizer_v2/adam.py}: {@code _prepare_local}
 * then {@code ResourceApplyAdam} / {@code ResourceApplyAdamWithAmsgrad}); Keras 3's
 * {@code optimizers/adam.py} is the same rule. With t = iterations + 1:
 *
 * <pre>
 *   m    = beta_1 * m + (1 - beta_1) * g
 *   v    = beta_2 * v + (1 - beta_2) * g^2
 *   vhat = max(vhat, v)                                    (amsgrad only)
 *   lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 *   w    = w - lr_t * m / (sqrt(v or vhat) + epsilon)      (epsilon-hat form)
 * </pre>
 *
 * The int64 {@code Adam/iterations} counts the steps taken; it is a variable, so a checkpoint
 * carries it and a resumed run continues the bias correction where it stopped.
 */
final class AdamRule implements UpdateRule {

  private final AdamConfig config;
  private final Ops opt;
  private final Variable<TInt64> iterations;
  private final Operand<TFloat32> beta1;
  private final Operand<TFloat32> oneMinusBeta1;
  private final Operand<TFloat32> beta2;
  private final Operand<TFloat32> oneMinusBeta2;
  private final Operand<TFloat32> epsilon;
  private final Operand<TFloat32> stepSize;

  AdamRule(AdamConfig config, Ops opt, Ops gated, Operand<TFloat32> learningRate) {
    this.config = config;
    this.opt = opt;
    this.iterations = opt.withName("iterations").variable(opt.constant(0L));
    Operand<TFloat32> one = gated.constant(1f);
    beta1 = gated.constant((float) config.beta1());
    beta2 = gated.constant((float) config.beta2());
    oneMinusBeta1 = gated.math.sub(one, beta1);
    oneMinusBeta2 = gated.math.sub(one, beta2);
    epsilon = gated.constant((float) config.epsilon());
    Operand<TFloat32> t = gated.withName("local_step").dtypes.cast(
        gated.math.add(gated.identity(iterations), gated.constant(1L)), TFloat32.class);
    Operand<TFloat32> correction = gated.math.div(
        gated.math.sqrt(gated.math.sub(one, gated.math.pow(beta2, t))),
        gated.math.sub(one, gated.math.pow(beta1, t)));
    stepSize = gated.withName("lr_t").math.mul(learningRate, correction);
  }

  @Override
  public List<String> slotNames() {
    return config.amsgrad() ? List.of("m", "v", "vhat") : List.of("m", "v");
  }

  @Override
  public List<Op> apply(Ops step, Weight w, Operand<TFloat32> g, List<Variable<TFloat32>> slots) {
    Variable<TFloat32> m = slots.get(0);
    Variable<TFloat32> v = slots.get(1);
    Operand<TFloat32> newM = step.math.add(step.math.mul(beta1, step.identity(m)), step.math.mul(oneMinusBeta1, g));
    Operand<TFloat32> newV = step.math.add(
        step.math.mul(beta2, step.identity(v)), step.math.mul(oneMinusBeta2, step.math.square(g)));
    Op assignM = step.assign(m, newM);
    Op assignV = step.assign(v, newV);
    Operand<TFloat32> denominatorSquare = newV;
    Op assignVhat = null;
    if (config.amsgrad()) {
      Variable<TFloat32> vhat = slots.get(2);
      denominatorSquare = step.math.maximum(step.identity(vhat), newV);
      assignVhat = step.assign(vhat, denominatorSquare);
    }
    Operand<TFloat32> delta = step.math.div(
        step.math.mul(stepSize, newM), step.math.add(step.math.sqrt(denominatorSquare), epsilon));
    Op assignW = step.assignSub(w.variable(), delta);
    return assignVhat == null ? List.of(assignM, assignV, assignW) : List.of(assignM, assignV, assignVhat, assignW);
  }

  /** The count goes up once every weight has used this step's t. */
  @Override
  public List<Op> afterUpdates(List<Op> updates) {
    return List.of(opt.withControlDependencies(List.copyOf(updates)).withName("increment_iterations")
        .assignAdd(iterations, opt.constant(1L)));
  }
}
