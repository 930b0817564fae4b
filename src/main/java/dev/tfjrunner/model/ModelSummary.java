package dev.tfjrunner.model;

import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.model.layers.WeightSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer names, output shapes and parameter counts of a model, computed from the layer descriptions
 * alone (no graph needed), printed like Keras's {@code model.summary()}.
 */
public record ModelSummary(String modelName, long[] inputShape, List<Row> rows) {

  /**
   * @param index 1-based position of the layer in the model
   * @param outputShape without the batch dimension
   */
  public record Row(int index, Layer layer, long[] inputShape, long[] outputShape, List<WeightSpec> weights) {

    public String name() {
      return layer.name();
    }

    public long parameters() {
      return weights.stream().mapToLong(WeightSpec::size).sum();
    }

    public long trainableParameters() {
      return weights.stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::size).sum();
    }
  }

  public static ModelSummary of(Sequential model) {
    List<Row> rows = new ArrayList<>();
    long[] shape = model.input().dims();
    int index = 0;
    for (Layer layer : model.layers()) {
      index++;
      try {
        long[] out = layer.outputShape(shape);
        for (long d : out) {
          if (d < 1) {
            throw new IllegalArgumentException("the output shape " + Shapes.text(out) + " reaches zero");
          }
        }
        rows.add(new Row(index, layer, shape, out, layer.weights(shape)));
        shape = out;
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException("layer " + index + " '" + layer.name() + "' (" + layer.className() + "): "
            + e.getMessage() + " (input " + Shapes.text(shape) + ")", e);
      }
    }
    return new ModelSummary(model.name(), model.input().dims(), List.copyOf(rows));
  }

  public long[] outputShape() {
    return rows.get(rows.size() - 1).outputShape();
  }

  public long totalParameters() {
    return rows.stream().mapToLong(Row::parameters).sum();
  }

  public long trainableParameters() {
    return rows.stream().mapToLong(Row::trainableParameters).sum();
  }

  /** The table as Keras 2 prints it. */
  public String format() {
    String rule = "_".repeat(72);
    String doubleRule = "=".repeat(72);
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(modelName).append("\"\n").append(rule).append('\n');
    sb.append(String.format(" %-34s%-26s%s%n", "Layer (type)", "Output Shape", "Param #"));
    sb.append(doubleRule).append('\n');
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      sb.append(String.format(" %-34s%-26s%,d%n",
          row.name() + " (" + row.layer().className() + ")", Shapes.text(row.outputShape()), row.parameters()));
      sb.append(i < rows.size() - 1 ? "\n" : doubleRule + "\n"); // Keras leaves a blank line between rows
    }
    long total = totalParameters();
    long trainable = trainableParameters();
    sb.append(String.format("Total params: %,d%n", total));
    sb.append(String.format("Trainable params: %,d%n", trainable));
    sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
    sb.append(rule).append('\n');
    return sb.toString();
  }
}
