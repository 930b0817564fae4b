package dev.tfjrunner.train;

import dev.tfjrunner.model.Network.Weight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.framework.initializers.Zeros;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A Keras optimizer written as graph ops: the gradients of the loss, the learning rate as a
 * non-trainable variable, and one update op that applies the rule of the {@link OptimizerConfig}
 * ({@link RmsPropRule}, {@link AdamRule}, {@link SgdRule}) to every weight.
 *
 * <p>Everything lives under the optimizer's Keras class name ({@code RMSprop}, {@code Adam},
 * {@code SGD}): {@code <scope>/learning_rate}, and per weight {@code <scope>/<layer>/<kernel|bias>/<slot>}.
 * TF's own apply ops and {@code org.tensorflow.framework.optimizers} are not used: their RMSprop
 * puts epsilon inside the square root and starts at 1, and they fix lr as a constant. Here lr is
 * a variable that {@link #setLearningRateOp} changes between steps (ReduceLROnPlateau needs that);
 * it and every slot are variables, so checkpoints carry them.
 */
public final class Optimizer {

  private final Ops scope;
  private final Variable<TFloat32> learningRate;
  private final Operand<TFloat32> learningRateValue;
  private final Placeholder<TFloat32> newLearningRate;
  private final Op setLearningRate;
  private final List<Operation> gradientOps;
  private final Ops gated;
  private final Op update;

  private Optimizer(Ops scope, Variable<TFloat32> learningRate, Operand<TFloat32> learningRateValue,
      Placeholder<TFloat32> newLearningRate, Op setLearningRate, List<Operation> gradientOps, Ops gated, Op update) {
    this.scope = scope;
    this.learningRate = learningRate;
    this.learningRateValue = learningRateValue;
    this.newLearningRate = newLearningRate;
    this.setLearningRate = setLearningRate;
    this.gradientOps = gradientOps;
    this.gated = gated;
    this.update = update;
  }

  /**
   * Adds the gradients of {@code loss} with respect to {@code trainableWeights} and their update by
   * {@code config}'s rule to the graph, under the name scope {@link OptimizerConfig#kerasName()}.
   */
  public static Optimizer minimize(Ops tf, Operand<TFloat32> loss, List<Weight> trainableWeights, OptimizerConfig config) {
    // Its scopes (a few per weight, made after the gradients) are made without reading the graph.
    Ops opt = ScanFreeScope.subScope(tf, config.kerasName());
    Variable<TFloat32> lr = opt.withName("learning_rate").variable(opt.constant((float) config.learningRate()));
    Operand<TFloat32> lrValue = opt.withName("learning_rate_read").identity(lr);
    Placeholder<TFloat32> newLr = opt.withName("new_learning_rate").placeholder(TFloat32.class);
    Op setLr = opt.withName("set_learning_rate").assign(lr, newLr);

    List<Operand<?>> values = new ArrayList<>();
    for (Weight w : trainableWeights) {
      values.add(w.value());
    }
    List<Operand<?>> gradients = new ArrayList<>();
    List<Operation> gradientOps = new ArrayList<>();
    for (Operand<?> g : opt.gradients(loss, values)) {
      gradients.add(g);
      gradientOps.add(g.op());
    }

    // Every update waits for every gradient: an in-place AssignSub must not race a backprop op
    // that still reads the old weight (TF1's gate_gradients=GATE_GRAPH). Through one NoOp: each
    // update op waiting on each gradient op made weights x gradients control edges (millions for
    // NASNetMobile), slow to build and slower to start a session on.
    Op gradientsDone = opt.withControlDependencyOps(gradientOps).withName("gradients_done").noOp();
    Ops gated = opt.withControlDependencies(List.of(gradientsDone));
    UpdateRule rule = rule(config, opt, gated, lrValue);
    Map<String, Ops> scopes = new HashMap<>();
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < trainableWeights.size(); i++) {
      Weight w = trainableWeights.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) gradients.get(i);
      // <scope>/<layer>/<kernel|bias>/<slot>, created outside the gated scope: initialisers must
      // not depend on a training step.
      List<Variable<TFloat32>> slots = new ArrayList<>();
      for (String slotName : rule.slotNames()) {
        Ops slotScope = scopeFor(w.name(), opt, scopes);
        slots.add(slotScope.withName(slotName).variable(
            new Zeros<TFloat32>().call(slotScope, slotScope.constant(w.shape()), TFloat32.class)));
      }
      updates.addAll(rule.apply(gated.withSubScope(w.name().replace('/', '_')), w, g, slots));
    }
    updates.addAll(rule.afterUpdates(updates));
    Op update = opt.withControlDependencies(updates).withName("update").noOp();
    return new Optimizer(opt, lr, lrValue, newLr, setLr, List.copyOf(gradientOps), gated, update);
  }

  // Java 17 has no pattern matching for switch; the configs are sealed, so this is exhaustive.
  private static UpdateRule rule(OptimizerConfig config, Ops opt, Ops gated, Operand<TFloat32> lr) {
    if (config instanceof RmsPropConfig rmsProp) {
      return new RmsPropRule(rmsProp, gated, lr);
    } else if (config instanceof AdamConfig adam) {
      return new AdamRule(adam, opt, gated, lr);
    } else if (config instanceof SgdConfig sgd) {
      return new SgdRule(sgd, gated, lr);
    }
    throw new IllegalArgumentException("no update rule for " + config);
  }

  /**
   * The scope {@code root/a/b} for a variable named {@code a/b}, each level created once (creating a
   * sub-scope twice would make its name unique, {@code a_1}).
   */
  private static Ops scopeFor(String path, Ops root, Map<String, Ops> scopes) {
    Ops scope = root;
    String prefix = "";
    for (String part : path.split("/")) {
      Ops parent = scope;
      prefix = prefix + "/" + part;
      scope = scopes.computeIfAbsent(prefix, key -> parent.withSubScope(part));
    }
    return scope;
  }

  /** Runs one optimisation step when added as a target. */
  public Op update() {
    return update;
  }

  /**
   * One target that runs {@link #update()} and {@code extra}, e.g. BatchNormalization's
   * moving-statistic assigns; build those in {@link #gated()} so they too run after every gradient.
   */
  public Op trainOp(List<Op> extra) {
    List<Op> all = new ArrayList<>(extra);
    all.add(update);
    return scope.withControlDependencies(all).noOp();
  }

  /** The optimizer's scope with a control dependency on a NoOp that waits for every gradient op. */
  public Ops gated() {
    return gated;
  }

  /** The gradient ops the updates wait for. */
  public List<Operation> gradientOps() {
    return gradientOps;
  }

  public Variable<TFloat32> learningRate() {
    return learningRate;
  }

  public Operand<TFloat32> learningRateValue() {
    return learningRateValue;
  }

  public Placeholder<TFloat32> newLearningRate() {
    return newLearningRate;
  }

  public Op setLearningRateOp() {
    return setLearningRate;
  }
}
