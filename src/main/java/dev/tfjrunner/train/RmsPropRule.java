package dev.tfjrunner.train;

import dev.tfjrunner.model.Network.Weight;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * RMSprop of Keras 2.x (tf.keras &lt;= 2.10 {@code optimizer_v2/rmsprop.py}, momentum 0, not
 * centered). Per weight w with gradient g:
 *
 * <pre>
 *   rms = rho * rms + (1 - rho) * g^2        (rms starts at 0)
 *   w   = w - lr * g / (sqrt(rms) + epsilon)
 * </pre>
 *
 * The op sequence is the one the study's figures were produced with: keep it as it is. With
 * {@link RmsPropConfig.Rule#KERAS_3} (an optimizer read from a Keras 3 file) the division is by
 * {@code sqrt(rms + epsilon)}, as Keras 3's {@code keras/src/optimizers/rmsprop.py}.
 */
final class RmsPropRule implements UpdateRule {

  private final Operand<TFloat32> learningRate;
  private final Operand<TFloat32> rho;
  private final Operand<TFloat32> oneMinusRho;
  private final Operand<TFloat32> epsilon;
  private final boolean epsilonInsideSqrt;

  RmsPropRule(RmsPropConfig config, Ops gated, Operand<TFloat32> learningRate) {
    this.learningRate = learningRate;
    this.rho = gated.constant((float) config.rho());
    this.oneMinusRho = gated.constant((float) (1 - config.rho()));
    this.epsilon = gated.constant((float) config.epsilon());
    this.epsilonInsideSqrt = config.rule() == RmsPropConfig.Rule.KERAS_3;
  }

  @Override
  public List<String> slotNames() {
    return List.of("rms");
  }

  @Override
  public List<Op> apply(Ops step, Weight w, Operand<TFloat32> g, List<Variable<TFloat32>> slots) {
    Variable<TFloat32> ms = slots.get(0);
    Operand<TFloat32> newMs = step.math.add(
        step.math.mul(rho, step.identity(ms)), step.math.mul(oneMinusRho, step.math.square(g)));
    Operand<TFloat32> denominator = epsilonInsideSqrt
        ? step.math.sqrt(step.math.add(newMs, epsilon))
        : step.math.add(step.math.sqrt(newMs), epsilon);
    Operand<TFloat32> delta = step.math.div(step.math.mul(learningRate, g), denominator);
    return List.of(step.assign(ms, newMs), step.assignSub(w.variable(), delta));
  }
}
