package dev.tfjrunner.train;

import dev.tfjrunner.testing.TestModels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.Network.Weight;
import dev.tfjrunner.testing.TestData;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** What the training graph uses: extra ops after the gradients, and real training with each rule. */
class OptimizerTest {

  private static final int STEPS = 60;

  @Test
  void extraOpsWaitForTheGradientsAndRunWithTheUpdate() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(new float[] {2f}));
      Operand<TFloat32> value = tf.identity(w);
      Operand<TFloat32> loss = tf.reduceSum(tf.math.square(value), tf.constant(0));
      Optimizer optimizer = Optimizer.minimize(tf, loss, List.of(new Weight("w", w, value, Shape.of(1), true)),
          new SgdConfig(0.25, 0, false));
      Variable<TFloat32> counter = tf.withName("counter").variable(tf.constant(0f));
      Op count = optimizer.gated().assignAdd(counter, tf.constant(1f));
      Set<GraphOperation> gradients = new HashSet<>();
      optimizer.gradientOps().forEach(op -> gradients.add((GraphOperation) op));
      Set<GraphOperation> gates = ((GraphOperation) count.op()).controlInputs();
      assertEquals(1, gates.size(), "built in gated(): after one gate");
      assertEquals(gradients, gates.iterator().next().controlInputs(), "the gate: after every gradient");
      Op train = optimizer.trainOp(List.of(count));
      try (Session session = new Session(graph)) {
        session.initialize();
        session.runner().addTarget(train).run();
        session.runner().addTarget(train).run();
        try (Result r = session.runner().fetch(value).fetch(counter).run()) {
          assertEquals(0.5f, ((TFloat32) r.get(0)).getFloat(0), 1e-7, "two SGD steps: 2 -> 1 -> 0.5");
          assertEquals(2f, ((TFloat32) r.get(1)).getFloat(), "the extra op ran with each step");
        }
      }
    }
  }

  @Test
  void adamTrainsTheMlpOnRealMnist(@TempDir Path directory) {
    // 20x Keras's default rate (50x for SGD below): in 60 steps only big steps show much.
    assertTrainsAndResumes(new AdamConfig(0.02, 0.9, 0.999, 1e-7, false), directory);
  }

  @Test
  void sgdWithNesterovMomentumTrainsTheMlpOnRealMnist(@TempDir Path directory) {
    assertTrainsAndResumes(new SgdConfig(0.5, 0.9, true), directory);
  }

  /**
   * 60 steps of batch 128 lower the test loss a lot (the MLP has 5 sigmoid units: it learns
   * slowly); and a checkpoint taken halfway,
   * restored into a new graph, continues exactly as the uninterrupted run (slots, iterations).
   */
  private static void assertTrainsAndResumes(OptimizerConfig config, Path directory) {
    LabeledImages train = TestData.mnist().train().first(STEPS * 128);
    LabeledImages test = TestData.testImages(1000);
    float[][] uninterrupted;
    double before;
    double after;
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("mlp"), config, 1, SessionSettings.defaults())) {
      before = model.evaluate(test, 1000).loss();
      train(model, train, 0, STEPS / 2);
      model.saveCheckpoint(directory.resolve("ckpt"));
      train(model, train, STEPS / 2, STEPS);
      after = model.evaluate(test, 1000).loss();
      uninterrupted = model.readWeights();
    }
    assertTrue(after < 0.5 * before, config + ": test loss " + before + " -> " + after);
    try (TrainingGraph model = TrainingGraph.create(TestModels.spec("mlp"), config, 1, SessionSettings.defaults())) {
      model.restoreCheckpoint(directory.resolve("ckpt"));
      train(model, train, STEPS / 2, STEPS);
      float[][] resumed = model.readWeights();
      for (int i = 0; i < resumed.length; i++) {
        assertArrayEquals(uninterrupted[i], resumed[i], 1e-6f, "weight " + i);
      }
      if (config instanceof AdamConfig) {
        try (Result r = model.session().runner().fetch("Adam/iterations").run()) {
          assertEquals(STEPS, ((TInt64) r.get(0)).getLong(), "iterations restored, then counted on");
        }
      }
    }
  }

  private static void train(TrainingGraph model, LabeledImages data, int fromStep, int toStep) {
    float[] staging = new float[128 * data.pixelsPerImage()];
    for (int step = fromStep; step < toStep; step++) {
      try (Batch batch = Batch.of(data, null, step * 128, (step + 1) * 128, staging)) {
        model.trainStep(batch, step);
      }
    }
  }
}
