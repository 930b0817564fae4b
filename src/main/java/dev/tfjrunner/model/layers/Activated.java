package dev.tfjrunner.model.layers;

/** A layer that ends in an activation function (Conv2D, Dense, Activation). */
public interface Activated extends Layer {

  Activation activation();

  /** The same layer with another activation: the network swaps the final softmax for logits. */
  Layer withActivation(Activation activation);
}
