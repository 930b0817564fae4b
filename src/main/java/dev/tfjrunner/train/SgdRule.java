package dev.tfjrunner.train;

import dev.tfjrunner.model.Network.Weight;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * SGD as Keras 2.x's OptimizerV2 ({@code optimizer_v2/gradient_descent.py}, i.e.
 * {@code ResourceApplyKerasMomentum}) and Keras 3's {@code optimizers/sgd.py} compute it:
 *
 * <pre>
 *   momentum 0:  w = w - lr * g                          (no slot)
 *   otherwise:   velocity = momentum * velocity - lr * g
 *                w = w + velocity                         (plain)
 *                w = w + momentum * velocity - lr * g     (nesterov)
 * </pre>
 */
final class SgdRule implements UpdateRule {

  private final SgdConfig config;
  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> momentum;

  SgdRule(SgdConfig config, Ops gated, Operand<TFloat32> learningRate) {
    this.config = config;
    this.learningRate = learningRate;
    this.momentum = gated.constant((float) config.momentum());
  }

  /** Keras creates the slot only for a non-zero momentum. */
  @Override
  public List<String> slotNames() {
    return config.momentum() == 0 ? List.of() : List.of("momentum");
  }

  @Override
  public List<Op> apply(Ops step, Weight w, Operand<TFloat32> g, List<Variable<TFloat32>> slots) {
    Operand<TFloat32> scaledGradient = step.math.mul(learningRate, g);
    if (slots.isEmpty()) {
      return List.of(step.assignSub(w.variable(), scaledGradient));
    }
    Variable<TFloat32> velocity = slots.get(0);
    Operand<TFloat32> newVelocity = step.math.sub(step.math.mul(momentum, step.identity(velocity)), scaledGradient);
    Operand<TFloat32> delta = config.nesterov()
        ? step.math.sub(step.math.mul(momentum, newVelocity), scaledGradient)
        : newVelocity;
    return List.of(step.assign(velocity, newVelocity), step.assignAdd(w.variable(), delta));
  }
}
