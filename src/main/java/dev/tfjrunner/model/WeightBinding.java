package dev.tfjrunner.model;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Sets a network's variables from values computed elsewhere (another session's variables, a Keras
 * file, a snapshot): one placeholder and one assign per variable, and one op that runs them all, so
 * the values go in through a single session run without rebuilding the graph.
 */
public final class WeightBinding {

  private final List<Network.Weight> weights;
  private final List<Placeholder<TFloat32>> feeds;
  private final Op assignAll;

  private WeightBinding(List<Network.Weight> weights, List<Placeholder<TFloat32>> feeds, Op assignAll) {
    this.weights = weights;
    this.feeds = feeds;
    this.assignAll = assignAll;
  }

  /** Adds the feeds and assigns for {@code weights} under {@code scope} (e.g. {@code load_weights}); {@code all} runs them. */
  public static WeightBinding create(Ops scope, List<Network.Weight> weights) {
    List<Placeholder<TFloat32>> feeds = new ArrayList<>();
    List<Op> assigns = new ArrayList<>();
    for (Network.Weight w : weights) {
      Placeholder<TFloat32> feed = scope.placeholder(TFloat32.class, Placeholder.shape(w.shape()));
      feeds.add(feed);
      assigns.add(scope.assign(w.variable(), feed));
    }
    return new WeightBinding(List.copyOf(weights), List.copyOf(feeds), scope.withControlDependencies(assigns)
        .withName("all").noOp());
  }

  /** Sets every variable to {@code values}, in the binding's order (the caller keeps the tensors open till it returns). */
  public void assign(Session session, List<? extends Tensor> values) {
    if (values.size() != feeds.size()) {
      throw new IllegalArgumentException("got " + values.size() + " values for " + feeds.size() + " variables");
    }
    Session.Runner runner = session.runner().addTarget(assignAll);
    for (int i = 0; i < values.size(); i++) {
      runner.feed(feeds.get(i), values.get(i));
    }
    runner.run();
  }

  /** Sets every variable from row-major arrays, in the binding's order. */
  public void assign(Session session, float[][] values) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (int i = 0; i < values.length && i < weights.size(); i++) {
        Network.Weight w = weights.get(i);
        if (values[i].length != w.size()) {
          throw new IllegalArgumentException(w.name() + " " + w.shape() + " takes " + w.size() + " values, got "
              + values[i].length);
        }
        tensors.add(TFloat32.tensorOf(w.shape(), DataBuffers.of(values[i], true, false)));
      }
      if (values.length != weights.size()) {
        throw new IllegalArgumentException("got " + values.length + " arrays for " + weights.size() + " variables");
      }
      assign(session, tensors);
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }
}
