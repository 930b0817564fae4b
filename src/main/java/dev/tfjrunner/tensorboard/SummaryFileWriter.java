package dev.tfjrunner.tensorboard;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.Result;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.EncodePng;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * One TensorBoard run directory, written as TF 2's {@code tf.summary} API (which Keras 3's
 * TensorBoard callback uses) writes it: every summary is one event holding one tensor and the
 * {@link SummaryMetadata} of its TensorBoard plugin, written by TensorFlow's own
 * {@code WriteSummary} op (the C++ event writer and its TFRecord framing) in a small graph and
 * session of its own, so it never touches the training graph. Each write is one session run fed
 * through placeholders.
 *
 * <p>The events file is opened on the first write and stays open until {@link #closeFile()}; a
 * write after that opens a new file in the same directory (TensorBoard reads them all). Not
 * thread-safe.
 */
final class SummaryFileWriter implements AutoCloseable {

  // TF 2's tf.summary.create_file_writer defaults; flush() makes each epoch visible anyway.
  private static final int MAX_QUEUE = 10;
  private static final int FLUSH_MILLIS = 120_000;
  // What tf.summary.create_file_writer, which uses the same op, names its files with.
  private static final String FILENAME_SUFFIX = ".v2";

  /** The plugin a summary is for, as tf.summary's writers fill {@link SummaryMetadata}. */
  enum Plugin {
    SCALARS("scalars", ""),
    HISTOGRAMS("histograms", ""),
    IMAGES("images", ""),
    /** keras.callbacks.TensorBoard's model config, the Graphs tab's "conceptual graph" (version "1"). */
    KERAS_MODEL("graph_keras_model", "1");

    private final byte[] metadata;

    Plugin(String name, String content) {
      this.metadata = SummaryMetadata.newBuilder()
          .setPluginData(SummaryMetadata.PluginData.newBuilder()
              .setPluginName(name)
              .setContent(ByteString.copyFromUtf8(content)))
          .build().toByteArray();
    }
  }

  private final Path logDir;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TString> metadata;
  private final Placeholder<TFloat32> floatValue;
  private final Placeholder<TFloat64> doubleValues;
  private final Placeholder<TString> stringValues;
  private final Placeholder<TUint8> image;
  private final Placeholder<TString> serializedGraph;
  private final Op open;
  private final Op writeFloat;
  private final Op writeDoubles;
  private final Op writeStrings;
  private final EncodePng encodePng;
  private final Op writeGraph;
  private final Op flush;
  private final Op closeWriter;
  private boolean fileOpen;
  private boolean closed;

  SummaryFileWriter(Path logDir) {
    this.logDir = logDir;
    this.graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      SummaryWriter writer = tf.withName("writer").summary.summaryWriter(SummaryWriter.sharedName("writer"));
      step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.withName("tag").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      metadata = tf.withName("metadata").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      floatValue = tf.withName("scalar").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      doubleValues = tf.withName("doubles").placeholder(TFloat64.class);
      stringValues = tf.withName("strings").placeholder(TString.class);
      image = tf.withName("image").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1)));
      serializedGraph = tf.withName("graph_def").placeholder(TString.class, Placeholder.shape(Shape.scalar()));

      open = tf.summary.createSummaryFileWriter(writer, tf.constant(logDir.toString()), tf.constant(MAX_QUEUE),
          tf.constant(FLUSH_MILLIS), tf.constant(FILENAME_SUFFIX));
      writeFloat = tf.summary.writeSummary(writer, step, floatValue, tag, metadata);
      writeDoubles = tf.summary.writeSummary(writer, step, doubleValues, tag, metadata);
      writeStrings = tf.summary.writeSummary(writer, step, stringValues, tag, metadata);
      encodePng = tf.image.encodePng(image);
      writeGraph = tf.summary.writeGraphSummary(writer, step, serializedGraph);
      flush = tf.summary.flushSummaryWriter(writer);
      closeWriter = tf.summary.closeSummaryWriter(writer);
      // Default thread settings on purpose: TF sizes its process-wide thread pools from the first
      // session created, and the training session must not inherit a tiny pool from this one.
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** A float32 scalar, as {@code tf.summary.scalar} writes it. */
  void scalar(String tagName, long stepValue, double value) {
    try (TFloat32 v = TFloat32.scalarOf((float) value)) {
      write(writeFloat, floatValue, v, tagName, stepValue, Plugin.SCALARS);
    }
  }

  /** {@code tf.summary.histogram}'s [30, 3] float64 buckets of {@code values} (see {@link HistogramBuckets}). */
  void histogram(String tagName, long stepValue, float[] values) {
    double[] buckets = HistogramBuckets.of(values);
    try (TFloat64 v = TFloat64.tensorOf(Shape.of(HistogramBuckets.COUNT, 3), DataBuffers.of(buckets, true, false))) {
      write(writeDoubles, doubleValues, v, tagName, stepValue, Plugin.HISTOGRAMS);
    }
  }

  /**
   * As {@code tf.summary.image(tag, images, max_outputs=maxOutputs)}: one string tensor holding the
   * width and height of the batch's images, then the first {@code maxOutputs} images PNG-encoded
   * by TF's {@code EncodePng}.
   */
  void images(String tagName, long stepValue, Uint8Images batch, int maxOutputs) {
    int count = Math.min(batch.count(), maxOutputs);
    byte[][] strings = new byte[2 + count][];
    strings[0] = Integer.toString(batch.width()).getBytes(StandardCharsets.US_ASCII);
    strings[1] = Integer.toString(batch.height()).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      strings[2 + i] = png(batch, i);
    }
    try (TString v = TString.tensorOfBytes(NdArrays.vectorOfObjects(strings))) {
      write(writeStrings, stringValues, v, tagName, stepValue, Plugin.IMAGES);
    }
  }

  /** The model config (Keras's {@code model.to_json()}) as Keras's TensorBoard callback writes it, tag {@code keras}. */
  void kerasModel(long stepValue, String modelJson) {
    try (TString v = TString.scalarOf(modelJson)) {
      write(writeStrings, stringValues, v, "keras", stepValue, Plugin.KERAS_MODEL);
    }
  }

  /** The op graph, shown in the Graphs tab. */
  void graph(long stepValue, GraphDef graphDef) {
    try (TInt64 s = TInt64.scalarOf(stepValue);
        TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(graphDef.toByteArray()))) {
      run(r -> r.feed(step, s).feed(serializedGraph, g).addTarget(writeGraph));
    }
  }

  /** Writes everything queued to disk. */
  void flush() {
    if (fileOpen) {
      run(r -> r.addTarget(flush));
    }
  }

  /** Flushes and closes the events file; the next write opens a new one. */
  void closeFile() {
    if (fileOpen) {
      run(r -> r.addTarget(closeWriter));
      fileOpen = false;
    }
  }

  /** Closes the events file and frees the graph and session; closing again does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      closeFile();
    } finally {
      closed = true;
      session.close();
      graph.close();
    }
  }

  /** @throws IllegalStateException after {@link #close()} */
  void requireNotClosed() {
    if (closed) {
      throw new IllegalStateException("summary writer for " + logDir + " is closed");
    }
  }

  private <T extends TType> void write(Op writeOp, Placeholder<T> input, T value,
      String tagName, long stepValue, Plugin plugin) {
    try (TString t = TString.scalarOf(tagName);
        TInt64 s = TInt64.scalarOf(stepValue);
        TString m = TString.tensorOfBytes(NdArrays.scalarOfObject(plugin.metadata))) {
      run(r -> r.feed(tag, t).feed(step, s).feed(metadata, m).feed(input, value).addTarget(writeOp));
    }
  }

  /** Image {@code index} of {@code batch} as PNG bytes. */
  private byte[] png(Uint8Images batch, int index) {
    requireNotClosed();
    int size = batch.height() * batch.width() * batch.channels();
    try (TUint8 pixels = TUint8.tensorOf(Shape.of(batch.height(), batch.width(), batch.channels()),
            DataBuffers.of(batch.pixels(), true, false).slice(index * (long) size, size));
        Result encoded = session.runner().feed(image, pixels).fetch(encodePng).run()) {
      return ((TString) encoded.get(0)).asBytes().getObject();
    }
  }

  /** Runs the ops {@code request} adds to a runner, opening the events file first if needed. */
  private void run(UnaryOperator<Session.Runner> request) {
    requireNotClosed();
    if (!fileOpen) {
      session.runner().addTarget(open).run().close();
      fileOpen = true;
    }
    request.apply(session.runner()).run().close(); // targets only: the Result holds no tensors
  }
}
