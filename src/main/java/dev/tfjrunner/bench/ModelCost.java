package dev.tfjrunner.bench;

import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Conv2DTranspose;
import dev.tfjrunner.model.layers.DepthwiseConv2D;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Pooling2D;
import dev.tfjrunner.model.layers.SeparableConv2D;
import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.model.layers.Size2;
import dev.tfjrunner.model.ModelSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multiply-adds per image of each layer call of a model graph, from the layer shapes of {@link ModelSummary} (strides and
 * padding included): convolutions (grouped, depthwise, separable: depthwise plus pointwise, transposed) and dense layers, and pooling windows counted as one
 * multiply-add per window element. Bias adds, activations, normalisation and dropout are left out
 * (elementwise, about 1% of a CNN's work). A training step is counted as 3x the forward pass (forward, input gradients, weight
 * gradients; the first layer's unneeded input gradient is ignored), 2 FLOPs per multiply-add.
 *
 * @param forwardMacs multiply-adds of one image's forward pass
 */
public record ModelCost(String model, long parameters, long forwardMacs, double inferenceFlopsPerImage,
    double trainingFlopsPerImage, List<LayerCost> layers) {

  /** @param outputShape without the batch dimension, as Keras prints it */
  public record LayerCost(String name, String type, String outputShape, long macs) {}

  public static ModelCost of(Model model) {
    ModelSummary summary = model.summary();
    List<LayerCost> layers = new ArrayList<>();
    addCalls(summary, "", layers);
    long forward = layers.stream().mapToLong(LayerCost::macs).sum();
    return new ModelCost(model.name(), summary.totalParameters(), forward, 2.0 * forward, 3 * 2.0 * forward, layers);
  }

  /** Each call of the graph, a nested model's calls under its path ({@code base/conv2d}). */
  private static void addCalls(ModelSummary summary, String path, List<LayerCost> layers) {
    for (ModelSummary.Row row : summary.rows()) {
      if (row.layer() instanceof Model nested) {
        addCalls(nested.summary(), path + row.name() + "/", layers);
      } else {
        layers.add(new LayerCost(path + row.name(), row.layer().className(), Shapes.text(row.outputShape()), macs(row)));
      }
    }
  }

  static long macs(ModelSummary.Row row) {
    long[] in = row.inputShape();
    long[] out = row.outputShape();
    long outPixels = out.length == 3 ? out[0] * out[1] : 0;
    if (row.layer() instanceof Conv2D conv) {
      return outPixels * out[2] * window(conv.kernelSize()) * (in[2] / conv.groups());
    }
    if (row.layer() instanceof DepthwiseConv2D depthwise) {
      return outPixels * out[2] * window(depthwise.kernelSize());
    }
    if (row.layer() instanceof SeparableConv2D separable) {
      long depthwiseChannels = in[2] * separable.depthMultiplier();
      return outPixels * depthwiseChannels * (window(separable.kernelSize()) + out[2]);
    }
    if (row.layer() instanceof Conv2DTranspose transpose) {
      // Each input value is scattered over a kernel window of every filter.
      return in[0] * in[1] * in[2] * window(transpose.kernelSize()) * out[2];
    }
    if (row.layer() instanceof Dense) {
      return Arrays.stream(out).reduce(1, (a, b) -> a * b) * in[in.length - 1];
    }
    if (row.layer() instanceof Pooling2D pool) {
      return outPixels * out[2] * window(pool.poolSize());
    }
    return 0;
  }

  private static long window(Size2 size) {
    return (long) size.rows() * size.cols();
  }

  /** The per-layer table, printed once per bench run. */
  public String format() {
    StringBuilder sb = new StringBuilder(String.format("%-24s %-22s %-20s %14s %7s%n", "Layer", "Type", "Output shape", "MACs/image", "Share"));
    for (LayerCost layer : layers) {
      if (layer.macs() > 0) {
        sb.append(String.format("%-24s %-22s %-20s %,14d %6.1f%%%n", layer.name(), layer.type(), layer.outputShape(),
            layer.macs(), 100.0 * layer.macs() / forwardMacs));
      }
    }
    sb.append(String.format("%-68s %,14d%n", "Forward pass (elementwise layers: ~0)", forwardMacs));
    sb.append(String.format("FLOPs per image: inference %.1fM, training step %.1fM (3x forward, 2 FLOPs per MAC)%n",
        inferenceFlopsPerImage / 1e6, trainingFlopsPerImage / 1e6));
    return sb.toString();
  }
}
