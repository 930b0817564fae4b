package dev.tfjrunner.model.layers;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.image.ImageProjectiveTransformV3;
import org.tensorflow.types.TFloat32;

/**
 * How Keras 3's geometric random layers (RandomRotation, RandomZoom, RandomTranslation) sample
 * their transformed images, as its TensorFlow backend's {@code affine_transform} does with
 * {@code ImageProjectiveTransformV3}: {@code fillMode} for pixels from outside the image
 * ({@code reflect}, Keras's default, {@code wrap}, {@code constant} with {@code fillValue},
 * {@code nearest}) and {@code interpolation} ({@code bilinear}, {@code nearest}).
 *
 * <p>TF Java has no gradient for ImageProjectiveTransformV3: these layers train models where they
 * come before every trained layer (augmentation blocks do), and refuse, naming themselves, to be
 * built after one.
 */
public record ImageTransform(String fillMode, double fillValue, String interpolation) {

  public static final List<String> FILL_MODES = List.of("reflect", "wrap", "constant", "nearest");
  public static final List<String> INTERPOLATIONS = List.of("bilinear", "nearest");

  /** Keras's defaults: reflect, 0, bilinear. */
  public static final ImageTransform DEFAULT = new ImageTransform("reflect", 0, "bilinear");

  public ImageTransform {
    if (!FILL_MODES.contains(fillMode)) {
      throw new IllegalArgumentException("fill_mode '" + fillMode + "' is not supported (supported: "
          + String.join(", ", FILL_MODES) + ")");
    }
    if (!INTERPOLATIONS.contains(interpolation)) {
      throw new IllegalArgumentException("interpolation '" + interpolation + "' is not supported (supported: "
          + String.join(", ", INTERPOLATIONS) + ")");
    }
  }

  /**
   * [n, h, w, c] images, each sampled through its own transform: the eight [n] operands
   * {@code a0 a1 a2 b0 b1 b2 c0 c1} map an output pixel (x, y) to the input pixel
   * ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k) with k = c0 x + c1 y + 1.
   */
  @SafeVarargs
  final Operand<TFloat32> apply(LayerCall call, Layer layer, Operand<TFloat32> x, Operand<TFloat32>... entries) {
    requireNoWeightsBefore(layer, x);
    Ops tf = call.tf();
    long[] in = call.inputShape();
    Operand<TFloat32> transforms = tf.stack(List.of(entries), Stack.axis(1L));
    return tf.image.imageProjectiveTransformV3(x, transforms, tf.constant(new int[] {(int) in[0], (int) in[1]}),
        tf.constant((float) fillValue), interpolation.toUpperCase(Locale.ROOT),
        ImageProjectiveTransformV3.fillMode(fillMode.toUpperCase(Locale.ROOT)));
  }

  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");

  /** Refuses a training graph in which {@code x} is computed from a variable (a trained layer's weights). */
  private static void requireNoWeightsBefore(Layer layer, Operand<TFloat32> x) {
    Deque<GraphOperation> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    if (x.op() instanceof GraphOperation op) {
      pending.push(op);
    }
    while (!pending.isEmpty()) {
      GraphOperation op = pending.pop();
      if (!seen.add(op.name())) {
        continue;
      }
      if (VARIABLE_OPS.contains(op.type())) {
        throw new IllegalArgumentException("layer '" + layer.name() + "' (" + layer.className() + ") comes after a layer"
            + " with weights (" + op.name() + "): TF Java cannot differentiate its image transform; put the random"
            + " image layers before every trained layer, as augmentation blocks are");
      }
      for (Operand<?> input : op.inputs()) {
        pending.push((GraphOperation) input.op());
      }
    }
  }
}
