package dev.tfjrunner.data.folders;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.ResizeArea;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The resizing method, as Keras's {@code interpolation} of {@code image_dataset_from_directory}. */
public enum Interpolation {
  BILINEAR, NEAREST, AREA, BICUBIC;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * [n, h, w, c] images resized to {@code size} [2] as {@code tf.image.resize(antialias=False)}
   * does: half-pixel centres, except ResizeArea's {@code align_corners=false}.
   */
  public Operand<TFloat32> resize(Ops tf, Operand<TFloat32> images, Operand<TInt32> size) {
    return switch (this) {
      case BILINEAR -> tf.image.resizeBilinear(images, size, ResizeBilinear.halfPixelCenters(true));
      case NEAREST -> tf.image.resizeNearestNeighbor(images, size, ResizeNearestNeighbor.halfPixelCenters(true));
      case BICUBIC -> tf.image.resizeBicubic(images, size, ResizeBicubic.halfPixelCenters(true));
      case AREA -> tf.image.resizeArea(images, size, ResizeArea.alignCorners(false));
    };
  }

  public static Interpolation fromId(String id) {
    for (Interpolation i : values()) {
      if (i.id().equals(id.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown interpolation '" + id + "' (expected bilinear, nearest, area or bicubic)");
  }
}
