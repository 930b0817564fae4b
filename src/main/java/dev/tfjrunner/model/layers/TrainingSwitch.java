package dev.tfjrunner.model.layers;

import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt64;

/**
 * What the random layers ({@link Stochastic}) and batch normalisation need in a training graph:
 * whether this run trains, and a per-step seed for the stateless random draws (so a step's draws
 * depend only on the run seed and the step number, which makes runs reproducible and resumable).
 */
public record TrainingSwitch(Operand<TBool> training, Operand<TInt64> stepSeed) {}
