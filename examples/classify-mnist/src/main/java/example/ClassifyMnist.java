package example;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Classifies MNIST IDX images with a SavedModel exported by tfj-runner, with nothing but
 * TensorFlow Java: load with tag "serve", call the "serving_default" signature with "image"
 * (float32 [n, 28, 28, 1], pixel / 255, or the pixel values themselves when the model's
 * assets.extra/model.json says "input_range": "0-255") and read "class_id" (int64 [n]).
 *
 * <p>Usage: {@code ClassifyMnist MODEL_DIR IMAGES_IDX LABELS_IDX [BATCH_SIZE]} (IDX raw or gzip).
 */
public final class ClassifyMnist {

  private static final int SIDE = 28;

  private ClassifyMnist() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: ClassifyMnist MODEL_DIR IMAGES_IDX LABELS_IDX [BATCH_SIZE]");
      System.exit(2);
    }
    Path modelDir = Path.of(args[0]);
    float[] pixels = readImages(Path.of(args[1]), takesBytes(modelDir));
    byte[] labels = readLabels(Path.of(args[2]));
    int batchSize = args.length == 4 ? Integer.parseInt(args[3]) : 1000;
    int count = labels.length;
    if (pixels.length != count * SIDE * SIDE) {
      throw new IOException(args[1] + " holds " + pixels.length / (SIDE * SIDE) + " images for " + count + " labels");
    }

    try (SavedModelBundle model = SavedModelBundle.load(modelDir.toString(), "serve")) {
      SessionFunction serving = model.function("serving_default");
      List<String> names = classNames(modelDir);
      long[] predicted = new long[count];
      classify(serving, pixels, 0, Math.min(batchSize, count), predicted); // warm-up, not timed
      long start = System.nanoTime();
      for (int from = 0; from < count; from += batchSize) {
        classify(serving, pixels, from, Math.min(batchSize, count - from), predicted);
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      int correct = 0;
      for (int i = 0; i < count; i++) {
        correct += predicted[i] == (labels[i] & 0xff) ? 1 : 0;
      }
      for (int i = 0; i < Math.min(5, count); i++) {
        System.out.println("image " + i + ": " + names.get((int) predicted[i]) + " (label " + names.get(labels[i] & 0xff) + ")");
      }
      System.out.printf(Locale.ROOT, "accuracy: %.4f (%d of %d)%n", (double) correct / count, correct, count);
      System.out.printf(Locale.ROOT, "%.0f images/s (%d images in %.2f s, batches of %d)%n",
          count / seconds, count, seconds, batchSize);
    }
  }

  /** Puts the class ids of images {@code from .. from + n} into {@code predicted}. */
  private static void classify(SessionFunction serving, float[] pixels, int from, int n, long[] predicted) {
    int size = SIDE * SIDE;
    try (TFloat32 images = TFloat32.tensorOf(Shape.of(n, SIDE, SIDE, 1),
            DataBuffers.of(pixels, true, false).slice((long) from * size, (long) n * size));
        Result result = serving.call(Map.of("image", images))) {
      TInt64 classIds = (TInt64) result.get("class_id").orElseThrow();
      for (int i = 0; i < n; i++) {
        predicted[from + i] = classIds.getLong(i);
      }
    }
  }

  /** assets.extra/labels.txt, one class name per line; the digits when it is missing. */
  private static List<String> classNames(Path modelDir) throws IOException {
    Path labels = modelDir.resolve("assets.extra").resolve("labels.txt");
    return Files.exists(labels) ? Files.readAllLines(labels, StandardCharsets.UTF_8)
        : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  }

  /**
   * Whether the model takes pixel values 0-255 (a Keras model that rescales its input itself), as its
   * assets.extra/model.json says; else it takes pixel / 255.
   */
  private static boolean takesBytes(Path modelDir) throws IOException {
    Path metadata = modelDir.resolve("assets.extra").resolve("model.json");
    return Files.exists(metadata) && INPUT_RANGE_BYTES.matcher(Files.readString(metadata)).find();
  }

  private static final Pattern INPUT_RANGE_BYTES = Pattern.compile("\"input_range\"\\s*:\\s*\"0-255\"");

  /** IDX images (magic 2051, big-endian count, rows, columns, then one byte per pixel) as pixel / 255 (or as they are). */
  private static float[] readImages(Path file, boolean bytes) throws IOException {
    try (DataInputStream in = open(file)) {
      expect(file, in.readInt(), 2051);
      int count = in.readInt();
      int rows = in.readInt();
      int columns = in.readInt();
      if (rows != SIDE || columns != SIDE) {
        throw new IOException(file + ": images are " + rows + "x" + columns + ", the model takes 28x28");
      }
      byte[] raw = in.readNBytes(count * rows * columns);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = bytes ? raw[i] & 0xff : (raw[i] & 0xff) / 255f;
      }
      return pixels;
    }
  }

  /** IDX labels (magic 2049, big-endian count, then one byte per label). */
  private static byte[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      expect(file, in.readInt(), 2049);
      return in.readNBytes(in.readInt());
    }
  }

  private static void expect(Path file, int magic, int expected) throws IOException {
    if (magic != expected) {
      throw new IOException(file + ": not an IDX file of the expected kind (magic " + magic + ", expected " + expected + ")");
    }
  }

  /** Opens raw or gzip-compressed IDX, told apart by the gzip magic bytes. */
  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return new DataInputStream(gzip ? new GZIPInputStream(in) : in);
  }
}
