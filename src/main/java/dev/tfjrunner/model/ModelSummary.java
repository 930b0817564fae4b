package dev.tfjrunner.model;

import dev.tfjrunner.model.graph.Node;
import dev.tfjrunner.model.layers.Layer;
import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.model.layers.WeightSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layer names, output shapes and parameter counts of a model's calls, computed from the layer
 * descriptions alone (no graph needed) and once per model ({@link Model#summary()}); printed like
 * Keras's {@code model.summary()}: a Functional model's InputLayer row, and the {@code Connected to}
 * column unless the graph is a chain (Keras's "sequential-like"). A nested model is one row, as
 * Keras shows it without {@code expand_nested}.
 */
public record ModelSummary(String modelName, long[] inputShape, String inputName, boolean sequential, boolean chain,
    List<Row> rows) {

  /**
   * @param index 1-based position of the call in the model
   * @param node the layer call
   * @param inputShapes one per inbound tensor, without the batch dimension
   * @param outputShape without the batch dimension
   */
  public record Row(int index, Node node, List<long[]> inputShapes, long[] outputShape, List<WeightSpec> weights) {

    public Layer layer() {
      return node.layer();
    }

    public String name() {
      return node.name();
    }

    /** The input shape of a single-input layer (the first input's of a merging layer). */
    public long[] inputShape() {
      return inputShapes.get(0);
    }

    /** Where the call reads from, as Keras 3 prints it: {@code conv2d[0][0], batch_normalization[0][0]}. */
    public String connectedTo() {
      return String.join(", ", node.inbound().stream().map(n -> n + "[0][0]").toList());
    }

    public long parameters() {
      return weights.stream().mapToLong(WeightSpec::size).sum();
    }

    public long trainableParameters() {
      return weights.stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::size).sum();
    }
  }

  static ModelSummary of(Model model) {
    Map<String, long[]> shapes = new HashMap<>();
    shapes.put(model.inputName(), model.input().dims());
    List<Row> rows = new ArrayList<>();
    for (Node node : model.nodes()) {
      List<long[]> in = node.inbound().stream().map(shapes::get).toList();
      try {
        long[] out = node.layer().outputShape(in);
        for (long d : out) {
          if (d < 1) {
            throw new IllegalArgumentException("the output shape " + Shapes.text(out) + " reaches zero");
          }
        }
        List<WeightSpec> weights = node.layer().weights(in);
        if (!node.trainable()) { // a frozen layer's weights are all non-trainable, as Keras counts them
          weights = weights.stream().map(w -> new WeightSpec(w.name(), w.shape(), w.initializer(), w.regularizer(), false))
              .toList();
        }
        rows.add(new Row(rows.size() + 1, node, in, out, weights));
        shapes.put(node.name(), out);
      } catch (IllegalArgumentException e) {
        throw new ModelConfigException("layer " + (rows.size() + 1) + " '" + node.name() + "' ("
            + node.layer().className() + "): " + e.getMessage() + " (input "
            + String.join(" and ", in.stream().map(Shapes::text).toList()) + ")", e);
      }
    }
    return new ModelSummary(model.name(), model.input().dims(), model.inputName(), model.isSequential(), model.isChain(),
        List.copyOf(rows));
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

  /** The table's column titles: Keras's, with {@code Connected to} for a graph that is not a chain. */
  public List<String> header() {
    return chain ? List.of("Layer (type)", "Output Shape", "Param #")
        : List.of("Layer (type)", "Output Shape", "Param #", "Connected to");
  }

  /** The table's rows as text, a Functional model's InputLayer first as Keras shows it. */
  public List<List<String>> table() {
    List<List<String>> table = new ArrayList<>();
    if (!sequential) {
      List<String> input = List.of(inputName + " (InputLayer)", Shapes.text(inputShape), "0", "-");
      table.add(input.subList(0, header().size()));
    }
    for (Row row : rows) {
      List<String> cells = new ArrayList<>(List.of(row.name() + " (" + row.layer().className() + ")",
          Shapes.text(row.outputShape()), String.format("%,d", row.parameters())));
      if (!chain) {
        cells.add(row.connectedTo());
      }
      table.add(cells);
    }
    return table;
  }

  /** The table as Keras 2 prints it (Keras 3's columns and rows, in plain text). */
  public String format() {
    List<List<String>> table = table();
    // A graph's table widens its first columns to the longest name and shape, as Keras 3's does.
    int nameWidth = chain ? 34 : Math.max(38, table.stream().mapToInt(r -> r.get(0).length() + 2).max().orElse(0));
    int shapeWidth = chain ? 26 : Math.max(26, table.stream().mapToInt(r -> r.get(1).length() + 2).max().orElse(0));
    int width = chain ? 72 : nameWidth + shapeWidth + 14 + 32;
    String rule = "_".repeat(width);
    String doubleRule = "=".repeat(width);
    String columns = " %-" + nameWidth + "s%-" + shapeWidth + "s" + (chain ? "%s%n" : "%-14s%s%n");
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(modelName).append("\"\n").append(rule).append('\n');
    sb.append(String.format(columns, header().toArray()));
    sb.append(doubleRule).append('\n');
    for (int i = 0; i < table.size(); i++) {
      sb.append(String.format(columns, table.get(i).toArray()));
      sb.append(i < table.size() - 1 ? "\n" : doubleRule + "\n"); // Keras leaves a blank line between rows
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
