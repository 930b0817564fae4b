package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A random layer that changes its input while a step trains and passes it through otherwise: the
 * random preprocessing and noise layers. A serving graph gets none of its ops; a training graph
 * selects between the changed and the unchanged input with the training switch (a select, not a
 * cond: see Augmentation), so evaluation computes the draw and discards it.
 */
public interface TrainingOnly extends Stochastic {

  /** The layer's output while training. */
  Operand<TFloat32> whileTraining(LayerCall call, Operand<TFloat32> x);

  @Override
  default Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    return call.inTrainingGraph() ? call.tf().select(call.training().training(), whileTraining(call, x), x) : x;
  }
}
