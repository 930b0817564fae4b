package dev.tfjrunner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/** ScanFreeScope builds the graph TF Java's own scopes build: same names, inputs, control inputs and initialisers. */
class ScanFreeScopeTest {

  /**
   * Builds ops under {@code sub(tf, "opt")} the way the optimizer does (a scope made twice, tf.zeros'
   * own sub-scope, control dependencies, the init scope, a device), then returns the graph.
   */
  private static GraphDef build(BiFunction<Ops, String, Ops> sub) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
      tf.withName("opt_x").identity(x); // a sibling whose name starts like the scope's
      Ops opt = sub.apply(tf, "opt");
      Variable<TFloat32> v = opt.withName("v").variable(opt.constant(1f));
      Op gate = opt.withControlDependencies(List.of(v)).withName("gate").noOp();
      Ops gated = opt.withControlDependencies(List.of(gate));
      for (String layer : List.of("conv", "conv", "dense")) {
        Ops layerScope = opt.withSubScope(layer);
        layerScope.withName("m").variable(layerScope.zeros(layerScope.constant(new int[] {2}), TFloat32.class));
        layerScope.withSubScope("kernel").math.add(x, layerScope.constant(2f));
        gated.withSubScope(layer + "_kernel").math.mul(x, x);
        gated.withInitScope().constant(3f);
        gated.math.sub(x, x);
      }
      opt.withDevice(org.tensorflow.DeviceSpec.newBuilder().deviceType(org.tensorflow.DeviceSpec.DeviceType.CPU)
          .deviceIndex(0).build()).math.neg(x);
      tf.withSubScope("opt").identity(x); // the next scope of that name after it, made by TF Java
      return graph.toGraphDef().toBuilder().clearVersions().build();
    }
  }

  @Test
  void namesOpsAsTensorFlowJavaDoes() {
    GraphDef expected = build(Ops::withSubScope);
    GraphDef actual = build(ScanFreeScope::subScope);
    assertEquals(expected, actual);
  }
}
