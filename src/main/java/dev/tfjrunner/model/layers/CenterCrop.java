package dev.tfjrunner.model.layers;

import dev.tfjrunner.data.folders.Interpolation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's CenterCrop (channels_last): the centred height x width window (starting at
 * (h - height) // 2, (w - width) // 2); an image smaller than that along either axis is instead
 * cropped to the target's aspect ratio and resized bilinearly, as Keras's {@code smart_resize}.
 */
public record CenterCrop(String name, int height, int width) implements Layer {

  public CenterCrop {
    Shapes.requireImageSize(height, width);
  }

  @Override
  public CenterCrop withName(String n) {
    return new CenterCrop(n, height, width);
  }

  @Override
  public String className() {
    return "CenterCrop";
  }

  @Override
  public long[] outputShape(long[] in) {
    return Shapes.resizedImage(className(), in, height, width);
  }

  @Override
  public Operand<TFloat32> call(LayerCall call, Operand<TFloat32> x) {
    Ops tf = call.tf();
    long[] in = call.inputShape();
    if (in[0] >= height && in[1] >= width) {
      return Shapes.crop(tf, x, (in[0] - height) / 2, (in[1] - width) / 2, height, width);
    }
    return Interpolation.BILINEAR.resize(tf, Resizing.cropToAspect(tf, x, in, height, width),
        tf.constant(new int[] {height, width}));
  }
}
