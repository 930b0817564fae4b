package dev.tfjrunner.tensorboard;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.TensorProto;

/**
 * Test oracle: reads TensorBoard event files without TensorFlow's reader. Each TFRecord is
 * {@code uint64 length, uint32 masked CRC32C(length), data, uint32 masked CRC32C(data)}, little
 * endian; both checksums of every record are verified and a truncated record is an error.
 */
final class EventFiles {

  private static final String PREFIX = "events.out.tfevents.";

  private EventFiles() {}

  /** The events files in {@code dir}, in name order (the order TensorBoard reads them in). */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(PREFIX)).sorted().toList();
    }
  }

  /** Every event of every events file in {@code dir}. */
  static Run readRun(Path dir) throws IOException {
    List<Event> events = new ArrayList<>();
    for (Path file : list(dir)) {
      events.addAll(read(file));
    }
    return new Run(events);
  }

  static List<Event> read(Path file) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (in.hasRemaining()) {
      int start = in.position();
      require(in.remaining() >= 12, file, start, "truncated record header");
      byte[] lengthBytes = new byte[8];
      in.get(lengthBytes);
      long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      require(Integer.toUnsignedLong(in.getInt()) == maskedCrc(lengthBytes), file, start, "length CRC mismatch");
      require(length >= 0 && length <= in.remaining() - 4, file, start, "truncated record data");
      byte[] data = new byte[(int) length];
      in.get(data);
      require(Integer.toUnsignedLong(in.getInt()) == maskedCrc(data), file, start, "data CRC mismatch");
      events.add(Event.parseFrom(data));
    }
    return events;
  }

  static long maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int c = (int) crc.getValue();
    return Integer.toUnsignedLong(((c >>> 15) | (c << 17)) + 0xa282ead8);
  }

  private static void require(boolean ok, Path file, int offset, String problem) throws IOException {
    if (!ok) {
      throw new IOException(file + " at byte " + offset + ": " + problem);
    }
  }

  /** A float64 tensor's values, row-major, whether in {@code double_val} or packed in {@code tensor_content}. */
  static double[] doubles(TensorProto tensor) {
    if (tensor.getDtype() != DataType.DT_DOUBLE) {
      throw new AssertionError("not a float64 tensor: " + tensor.getDtype());
    }
    if (tensor.getTensorContent().isEmpty()) {
      return tensor.getDoubleValList().stream().mapToDouble(Double::doubleValue).toArray();
    }
    ByteBuffer content = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[content.remaining() / Double.BYTES];
    content.asDoubleBuffer().get(values);
    return values;
  }

  /** A float32 tensor's values, row-major, whether in {@code float_val} or packed in {@code tensor_content}. */
  static float[] floats(TensorProto tensor) {
    if (tensor.getDtype() != DataType.DT_FLOAT) {
      throw new AssertionError("not a float32 tensor: " + tensor.getDtype());
    }
    if (tensor.getTensorContent().isEmpty()) {
      float[] values = new float[tensor.getFloatValCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = tensor.getFloatVal(i);
      }
      return values;
    }
    ByteBuffer content = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] values = new float[content.remaining() / Float.BYTES];
    content.asFloatBuffer().get(values);
    return values;
  }

  /** The events of one TensorBoard run directory, with lookups by tag. */
  record Run(List<Event> events) {

    /** The summary values tagged {@code tag}, by step; a tag written twice at one step is an error. */
    SortedMap<Long, Summary.Value> byStep(String tag) {
      SortedMap<Long, Summary.Value> byStep = new TreeMap<>();
      for (Event e : events) {
        for (Summary.Value v : e.getSummary().getValueList()) {
          if (v.getTag().equals(tag) && byStep.put(e.getStep(), v) != null) {
            throw new AssertionError(tag + " written twice at step " + e.getStep());
          }
        }
      }
      return byStep;
    }

    /** A float32 scalar tensor's value by step, as tf.summary.scalar writes it. */
    SortedMap<Long, Float> scalars(String tag) {
      SortedMap<Long, Float> values = new TreeMap<>();
      byStep(tag).forEach((step, v) -> {
        TensorProto t = v.getTensor();
        float[] value = t.getDtype() == DataType.DT_FLOAT ? floats(t) : new float[0];
        if (t.getTensorShape().getDimCount() != 0 || value.length != 1) {
          throw new AssertionError(tag + " at step " + step + " is not a float32 scalar tensor: " + t);
        }
        values.put(step, value[0]);
      });
      return values;
    }

    /** The images of an image summary ([width, height, png...] strings), decoded. */
    List<BufferedImage> images(String tag, long step) throws IOException {
      TensorProto t = byStep(tag).get(step).getTensor();
      List<BufferedImage> images = new ArrayList<>();
      for (int i = 2; i < t.getStringValCount(); i++) {
        images.add(ImageIO.read(new ByteArrayInputStream(t.getStringVal(i).toByteArray())));
      }
      return images;
    }

    Set<String> tags() {
      return events.stream().flatMap(e -> e.getSummary().getValueList().stream())
          .map(Summary.Value::getTag).collect(Collectors.toCollection(TreeSet::new));
    }

    List<Event> graphs() {
      return events.stream().filter(e -> !e.getGraphDef().isEmpty()).toList();
    }
  }
}
