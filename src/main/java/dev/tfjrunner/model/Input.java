package dev.tfjrunner.model;

import java.util.Arrays;
import java.util.List;

/**
 * A model's input shape without the batch dimension: [height, width, channels], [height, width]
 * (Flatten-first models) or [features].
 */
public record Input(List<Long> shape) {

  public Input {
    shape = List.copyOf(shape);
    if (shape.isEmpty() || shape.size() > 3 || shape.stream().anyMatch(d -> d == null || d < 1)) {
      throw new IllegalArgumentException("the input shape must be [height, width, channels], [height, width] or"
          + " [features] with sizes >= 1, got " + shape);
    }
  }

  public static Input of(long... shape) {
    return new Input(Arrays.stream(shape).boxed().toList());
  }

  public long[] dims() {
    return shape.stream().mapToLong(Long::longValue).toArray();
  }

  public long size() {
    return shape.stream().reduce(1L, (a, b) -> a * b);
  }

  /**
   * The images the model takes, as [height, width, channels]: a rank-2 input is one channel, a
   * rank-1 input (features) has no image shape of its own and is null.
   */
  public long[] imageShape() {
    long[] d = dims();
    return switch (d.length) {
      case 3 -> d;
      case 2 -> new long[] {d[0], d[1], 1};
      default -> null;
    };
  }
}
