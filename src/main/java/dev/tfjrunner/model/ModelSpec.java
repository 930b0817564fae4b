package dev.tfjrunner.model;

import dev.tfjrunner.model.layers.Shapes;
import dev.tfjrunner.preprocess.Augmentation;
import dev.tfjrunner.preprocess.Preprocessing;
import java.util.Arrays;

/**
 * Everything that defines a model's graph: the network, the shape of the images it is fed
 * ([height, width, channels]; the network's own input shape may be rank 2 or 1 of the same size),
 * the filters applied to its input (in training and serving alike) and the random augmentation
 * applied in training only, and the pixel values the network takes ({@link InputRange}: what the
 * model declares when given null).
 */
public record ModelSpec(Model model, Input image, Preprocessing preprocessing, Augmentation augmentation,
    InputRange inputRange) {

  public ModelSpec {
    OutputHead.of(model);
    InputRange declared = InputRange.declaredBy(model).orElse(null);
    if (inputRange == null) {
      inputRange = declared == null ? InputRange.UNIT : declared;
    } else if (declared != null && declared != inputRange) {
      throw new ModelConfigException("model '" + model.name() + "' rescales its input from " + declared.text()
          + " itself (its leading Rescaling layer); input range " + inputRange.text() + " contradicts it");
    }
    long[] in = model.input().dims();
    long[] px = image.dims();
    boolean fits = in.length == 1 ? image.size() == in[0] : Arrays.equals(model.input().imageShape(), px);
    if (px.length != 3 || !fits) {
      throw new ModelConfigException("model '" + model.name() + "' takes input " + Shapes.text(in) + " but the images are "
          + px[0] + "x" + px[1] + "x" + (px.length > 2 ? px[2] : 1) + " (height x width x channels)");
    }
  }

  /** A model whose input is an image shape ([h, w, c] or [h, w]), without filters or augmentation. */
  public static ModelSpec of(Model model) {
    return new ModelSpec(model, imageInput(model), Preprocessing.NONE, Augmentation.NONE, null);
  }

  /** The image shape a model takes; a features input ([n]) has none and needs the data's. */
  public static Input imageInput(Model model) {
    long[] shape = model.input().imageShape();
    if (shape == null) {
      throw new ModelConfigException("model '" + model.name() + "' takes " + Shapes.text(model.input().dims())
          + " features, not images: give the image shape of its data");
    }
    return Input.of(shape);
  }

  public long classes() {
    return OutputHead.classesOf(model);
  }

  public int height() {
    return (int) image.dims()[0];
  }

  public int width() {
    return (int) image.dims()[1];
  }

  public int channels() {
    return (int) image.dims()[2];
  }
}
