package dev.tfjrunner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.model.Input;
import dev.tfjrunner.model.Sequential;
import dev.tfjrunner.model.layers.Conv2D;
import dev.tfjrunner.model.layers.Conv2DTranspose;
import dev.tfjrunner.model.layers.DepthwiseConv2D;
import dev.tfjrunner.model.layers.Flatten;
import dev.tfjrunner.model.layers.Dense;
import dev.tfjrunner.model.layers.Padding;
import dev.tfjrunner.model.layers.SeparableConv2D;
import dev.tfjrunner.model.layers.Size2;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multiply-adds of the convolution family. The depthwise and separable figures are half the FLOPs
 * TensorFlow 2.21's profiler counts for the same Keras 3.15.1 layers without bias (3,600 and
 * 13,328, checked by hand); the profiler counts nothing for a grouped Conv2D and counts a
 * transposed one by its output, so those two are the multiply-adds the ops do.
 */
class ModelCostTest {

  @Test
  void convolutionFamilyMultiplyAdds() {
    DepthwiseConv2D depthwise = DepthwiseConv2D.of(3);
    depthwise = new DepthwiseConv2D("depthwise", depthwise.kernelSize(), Size2.square(2), Padding.SAME, 2,
        depthwise.dilationRate(), depthwise.activation(), false, depthwise.depthwiseInitializer(),
        depthwise.biasInitializer(), null, null);
    SeparableConv2D separable = SeparableConv2D.of(8, 3);
    separable = new SeparableConv2D("separable", 8, separable.kernelSize(), separable.strides(), Padding.VALID, 2,
        separable.dilationRate(), separable.activation(), false, separable.depthwiseInitializer(),
        separable.pointwiseInitializer(), separable.biasInitializer(), null, null, null);
    Conv2D conv = Conv2D.of(8, 3);
    Conv2D grouped = new Conv2D("grouped", 8, conv.kernelSize(), conv.strides(), conv.padding(), conv.dilationRate(),
        conv.activation(), false, conv.kernelInitializer(), conv.biasInitializer(), null, null, 2);

    assertEquals(List.of(5L * 5 * 8 * 9, 0L, 5L * 5 * 8 * 5),
        macs(Sequential.of("d", Input.of(9, 9, 4), depthwise, Flatten.of(), Dense.of(5))));
    assertEquals(7L * 7 * 8 * (9 + 8), macs(Sequential.of("s", Input.of(9, 9, 4), separable)).get(0));
    assertEquals(3600 / 2, macs(Sequential.of("d", Input.of(9, 9, 4), depthwise)).get(0));
    assertEquals(13328 / 2, macs(Sequential.of("s", Input.of(9, 9, 4), separable)).get(0));
    assertEquals(7L * 7 * 8 * 9 * (4 / 2), macs(Sequential.of("g", Input.of(9, 9, 4), grouped)).get(0));
    assertEquals(5L * 5 * 4 * 9 * 6,
        macs(Sequential.of("t", Input.of(5, 5, 4), Conv2DTranspose.of(6, 3).strides(2))).get(0));
  }

  private static List<Long> macs(Sequential model) {
    return ModelCost.of(model).layers().stream().map(ModelCost.LayerCost::macs).toList();
  }
}
