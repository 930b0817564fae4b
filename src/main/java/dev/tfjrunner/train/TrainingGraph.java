package dev.tfjrunner.train;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.model.ModelSpec;
import dev.tfjrunner.model.Network;
import dev.tfjrunner.model.Network.Weight;
import dev.tfjrunner.model.WeightBinding;
import dev.tfjrunner.model.layers.LayerCall;
import dev.tfjrunner.model.layers.TrainingSwitch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph and session that train one model: inputs, preprocessing, augmentation, the network,
 * loss (cross-entropy plus the weight regularizers' penalties, as Keras logs it), accuracy and the
 * optimizer's update, all in one graph. The {@code training} placeholder (default false) switches
 * dropout, batch statistics and augmentation on, so the same graph evaluates.
 *
 * <p>Feeds: {@code image} float [n, h, w, c] in [0, 1] (multiplied by 255 before the network for a
 * model that takes 0-255, see {@link InputRange}); {@code label} int32 [n];
 * {@code training} bool; {@code step_seed} int64 [2], the stateless seed of the step's dropout
 * masks and augmentation draws.
 */
public final class TrainingGraph implements AutoCloseable {

  private final ModelSpec spec;
  private final long seed;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final PlaceholderWithDefault<TBool> training;
  private final PlaceholderWithDefault<TInt64> stepSeed;
  private final Operand<TFloat32> networkInput;
  private final Network network;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> accuracy;
  private final Operand<TFloat32> evaluationLoss;
  private final Operand<TFloat32> evaluationAccuracy;
  private final Operand<TFloat32> evaluationProbabilities;
  private final Optimizer optimizer;
  private final Op trainOp;
  private final int classes;
  private final WeightBinding loadWeights;
  private long sessionRunNanos;

  private TrainingGraph(ModelSpec spec, OptimizerConfig optimizerConfig, long seed, SessionSettings settings,
      Set<String> frozen) {
    this.spec = spec;
    this.seed = seed;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      classes = (int) spec.classes();
      images = tf.withName("image").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, spec.height(), spec.width(), spec.channels())));
      labels = tf.withName("label").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      training = tf.withName("training").placeholderWithDefault(tf.constant(false), Shape.scalar());
      stepSeed = tf.withName("step_seed").placeholderWithDefault(tf.constant(new long[] {seed, 0}), Shape.of(2));

      Operand<TFloat32> x = spec.preprocessing().apply(tf, images);
      x = spec.augmentation().apply(tf, x, training, tf.math.add(stepSeed, tf.constant(new long[] {0, 1L << 40})));
      x = toInputRange(tf, x);
      networkInput = tf.withName("network_input").identity(x);
      network = Network.forTraining(tf, spec.model(), Network.inputFromImages(tf, spec.model(), networkInput), seed,
          new TrainingSwitch(training, stepSeed), frozen);
      Head trainingHead = head(tf.withSubScope("metrics"), network.logits(), network.regularizationLoss());
      loss = trainingHead.loss();
      accuracy = trainingHead.accuracy();

      // Evaluation and prediction run a forward pass of their own on the same variables, as Keras's
      // test_step does: no augmentation, dropout masks or batch statistics computed and thrown away.
      Ops evaluation = tf.withSubScope("evaluation");
      Operand<TFloat32> evaluationInput = toInputRange(evaluation, spec.preprocessing().apply(evaluation, images));
      Network inference = Network.sharing(evaluation, network,
          Network.inputFromImages(evaluation, spec.model(), evaluationInput));
      Head evaluationHead = head(evaluation.withSubScope("metrics"), inference.logits(), network.regularizationLoss());
      evaluationLoss = evaluationHead.loss();
      evaluationAccuracy = evaluationHead.accuracy();
      evaluationProbabilities = evaluation.withName("probabilities").nn.softmax(inference.logits());

      optimizer = Optimizer.minimize(tf, loss, network.trainableWeights(), optimizerConfig);
      trainOp = trainOp(optimizer, network.stateUpdates());

      loadWeights = WeightBinding.create(tf.withSubScope("load_weights"), network.weights());

      session = new Session(graph, settings.toConfigProto());
      session.initialize();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** {@code x} in [0, 1] as the model takes it: times 255 for a model that rescales its own input (Keras feeds it 0-255). */
  private Operand<TFloat32> toInputRange(Ops tf, Operand<TFloat32> x) {
    InputRange range = spec.inputRange();
    return range == InputRange.UNIT ? x : tf.withName("to_input_range").math.mul(x, tf.constant(range.scale()));
  }

  /**
   * Loss and accuracy on {@code logits} against the label feed: cross-entropy from logits, the stable
   * form of Keras's softmax + categorical_crossentropy (and, on a sigmoid unit's logits [0, z], of
   * binary_crossentropy), plus the weights' regularization penalties as Keras's loss includes them.
   */
  private Head head(Ops metrics, Operand<TFloat32> logits, Operand<TFloat32> regularization) {
    Operand<TFloat32> oneHot = metrics.oneHot(labels, metrics.constant(classes), metrics.constant(1f), metrics.constant(0f));
    Operand<TFloat32> crossEntropy = metrics.math.mean(
        metrics.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), metrics.constant(0));
    Operand<TFloat32> loss = regularization == null ? metrics.withName("loss").identity(crossEntropy)
        : metrics.withName("loss").math.add(crossEntropy, regularization);
    Operand<TInt32> predicted = metrics.math.argMax(logits, metrics.constant(1), TInt32.class);
    Operand<TFloat32> accuracy = metrics.withName("accuracy").math.mean(
        metrics.dtypes.cast(metrics.math.equal(predicted, labels), TFloat32.class), metrics.constant(0));
    return new Head(loss, accuracy);
  }

  /** A forward pass's loss and accuracy ops. */
  private record Head(Operand<TFloat32> loss, Operand<TFloat32> accuracy) {}

  /**
   * The optimizer's update with the layers' state updates (moving statistics), which wait for
   * every gradient: they must not overwrite a variable the backward pass still reads.
   */
  private static Op trainOp(Optimizer optimizer, List<LayerCall.StateUpdate> updates) {
    if (updates.isEmpty()) {
      return optimizer.update();
    }
    Ops gated = optimizer.gated().withSubScope("state_updates");
    List<Op> assigns = new ArrayList<>();
    for (LayerCall.StateUpdate u : updates) {
      assigns.add(gated.assign(u.variable(), u.value()));
    }
    return optimizer.trainOp(assigns);
  }

  /** Builds the graph and initialises the weights from {@code seed} (each layer's initializers). */
  public static TrainingGraph create(ModelSpec spec, OptimizerConfig optimizer, long seed, SessionSettings settings) {
    return create(spec, optimizer, seed, settings, Set.of());
  }

  /** As {@link #create(ModelSpec, OptimizerConfig, long, SessionSettings)} with the layers named in {@code frozen} not trained. */
  public static TrainingGraph create(ModelSpec spec, OptimizerConfig optimizer, long seed, SessionSettings settings,
      Set<String> frozen) {
    return new TrainingGraph(spec, optimizer, seed, settings, frozen);
  }

  /** One optimizer step on {@code batch}; {@code step} (counted over the whole run) seeds its randomness. */
  public Metrics trainStep(Batch batch, long step) {
    try (TInt64 stepSeedValue = TInt64.vectorOf(seed, step);
        TBool on = TBool.scalarOf(true)) {
      Session.Runner runner = stepRunner(batch, stepSeedValue, on);
      long start = System.nanoTime();
      try (Result result = runner.run()) {
        sessionRunNanos += System.nanoTime() - start;
        return new Metrics(((TFloat32) result.get(0)).getFloat(), ((TFloat32) result.get(1)).getFloat());
      }
    }
  }

  /**
   * {@link #trainStep} traced op by op (RunOptions FULL_TRACE): TF's step stats of that step. The
   * trace itself slows the step a little; its per-op times are what to compare.
   */
  public RunMetadata traceStep(Batch batch, long step) {
    try (TInt64 stepSeedValue = TInt64.vectorOf(seed, step);
        TBool on = TBool.scalarOf(true);
        Result result = stepRunner(batch, stepSeedValue, on)
            .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
            .runAndFetchMetadata()) {
      return result.getMetadata().orElseThrow(() -> new IllegalStateException("TF returned no run metadata"));
    }
  }

  private Session.Runner stepRunner(Batch batch, TInt64 stepSeedValue, TBool on) {
    return session.runner()
        .feed(images, batch.images())
        .feed(labels, batch.labels())
        .feed(training, on)
        .feed(stepSeed, stepSeedValue)
        .addTarget(trainOp)
        .fetch(loss)
        .fetch(accuracy);
  }

  /**
   * Total time trainStep has spent inside {@code Session.Runner.run()}: what TF itself took, so a
   * caller timing its loop can tell the Java side's share (the bench's fit-loop overhead).
   */
  public long sessionRunNanos() {
    return sessionRunNanos;
  }

  /** Loss and accuracy over {@code data} in inference mode (no dropout, no augmentation). */
  public Metrics evaluate(LabeledImages data, int requestedBatchSize) {
    int batchSize = Batch.evaluationSize(requestedBatchSize, data.pixelsPerImage());
    double lossSum = 0;
    double accuracySum = 0;
    float[] staging = new float[Math.min(batchSize, data.count()) * data.pixelsPerImage()];
    for (int from = 0; from < data.count(); from += batchSize) {
      int to = Math.min(from + batchSize, data.count());
      try (Batch batch = Batch.of(data, null, from, to, staging);
          Result result = session.runner()
              .feed(images, batch.images())
              .feed(labels, batch.labels())
              .fetch(evaluationLoss)
              .fetch(evaluationAccuracy)
              .run()) {
        lossSum += ((TFloat32) result.get(0)).getFloat() * batch.size();
        accuracySum += ((TFloat32) result.get(1)).getFloat() * batch.size();
      }
    }
    return new Metrics(lossSum / data.count(), accuracySum / data.count());
  }

  /** Class probabilities [count][classes] in inference mode. */
  public float[][] predict(LabeledImages data, int requestedBatchSize) {
    int batchSize = Batch.evaluationSize(requestedBatchSize, data.pixelsPerImage());
    float[][] out = new float[data.count()][];
    float[] staging = new float[Math.min(batchSize, data.count()) * data.pixelsPerImage()];
    for (int from = 0; from < data.count(); from += batchSize) {
      int to = Math.min(from + batchSize, data.count());
      try (Batch batch = Batch.of(data, null, from, to, staging);
          Result result = session.runner().feed(images, batch.images()).fetch(evaluationProbabilities).run()) {
        TFloat32 p = (TFloat32) result.get(0);
        for (int i = 0; i < batch.size(); i++) {
          float[] row = new float[classes];
          p.get(i).copyTo(DataBuffers.of(row, false, false));
          out[from + i] = row;
        }
      }
    }
    return out;
  }

  /**
   * What the network sees for {@code data}: the images after preprocessing and, when
   * {@code training}, after the augmentation of step {@code step}; [count * h * w * c] values.
   */
  public float[] networkInputs(LabeledImages data, boolean training, long step) {
    try (Batch batch = Batch.of(data, 0, data.count());
        TInt64 stepSeedValue = TInt64.vectorOf(seed, step);
        TBool mode = TBool.scalarOf(training);
        Result result = session.runner()
            .feed(images, batch.images())
            .feed(this.training, mode)
            .feed(stepSeed, stepSeedValue)
            .fetch(networkInput)
            .run()) {
      float[] out = new float[data.count() * data.pixelsPerImage()];
      ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  public double learningRate() {
    try (Result result = session.runner().fetch(optimizer.learningRateValue()).run()) {
      return ((TFloat32) result.get(0)).getFloat();
    }
  }

  /** Takes effect from the next step; no graph is rebuilt. */
  public void setLearningRate(double learningRate) {
    try (TFloat32 value = TFloat32.scalarOf((float) learningRate)) {
      session.runner().feed(optimizer.newLearningRate(), value).addTarget(optimizer.setLearningRateOp()).run();
    }
  }

  /** Copies of the current weight values, in {@link Network#weights()} order. */
  public float[][] readWeights() {
    Session.Runner runner = session.runner();
    for (Weight w : network.weights()) {
      runner.fetch(w.value());
    }
    try (Result result = runner.run()) {
      float[][] values = new float[network.weights().size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = new float[(int) network.weights().get(i).size()];
        ((TFloat32) result.get(i)).copyTo(DataBuffers.of(values[i], false, false));
      }
      return values;
    }
  }

  /** Sets every weight from values in {@link #readWeights()}'s layout (optimizer state unchanged). */
  public void writeWeights(float[][] values) {
    loadWeights.assign(session, values);
  }

  /** Saves every variable (weights, moving statistics, optimizer slots and iteration count, learning rate) as a TF checkpoint. */
  public void saveCheckpoint(Path prefix) {
    session.save(prefix.toString());
  }

  public void restoreCheckpoint(Path prefix) {
    session.restore(prefix.toString());
  }

  public ModelSpec spec() {
    return spec;
  }

  public int classes() {
    return classes;
  }

  public long seed() {
    return seed;
  }

  public Graph graph() {
    return graph;
  }

  public Session session() {
    return session;
  }

  public Network network() {
    return network;
  }

  public Placeholder<TFloat32> images() {
    return images;
  }

  public Placeholder<TInt32> labels() {
    return labels;
  }

  public PlaceholderWithDefault<TBool> training() {
    return training;
  }

  public PlaceholderWithDefault<TInt64> stepSeed() {
    return stepSeed;
  }

  public Operand<TFloat32> loss() {
    return loss;
  }

  public Operand<TFloat32> accuracy() {
    return accuracy;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
