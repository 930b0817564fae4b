package dev.tfjrunner.train;

import dev.tfjrunner.model.Network.Weight;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The per-weight math of one optimizer; {@link Optimizer} does the rest (lr, gradients, gating, slots). */
interface UpdateRule {

  /** The slots every weight gets, zero-initialised and shaped like it, in this order. */
  List<String> slotNames();

  /** Ops that update {@code w} and its {@code slots} from its gradient {@code g}, built in {@code step}. */
  List<Op> apply(Ops step, Weight w, Operand<TFloat32> g, List<Variable<TFloat32>> slots);

  /** Ops to run once per step after all of {@code updates} (Adam counts its iterations). */
  default List<Op> afterUpdates(List<Op> updates) {
    return List.of();
  }
}
