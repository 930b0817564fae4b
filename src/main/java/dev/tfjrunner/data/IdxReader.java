package dev.tfjrunner.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/), raw or
 * gzip-compressed (recognised by content, not by name). Header fields are big-endian.
 */
public final class IdxReader {

  static final int IMAGES_MAGIC = 0x00000803; // 2051: unsigned bytes, 3 dimensions
  static final int LABELS_MAGIC = 0x00000801; // 2049: unsigned bytes, 1 dimension
  private static final int NUM_CLASSES = 10;

  private IdxReader() {}

  /** Reads an images file and its labels file, checking that they describe the same images. */
  public static LabeledImages read(Path imagesFile, Path labelsFile) throws IOException {
    return read(imagesFile, labelsFile, Integer.MAX_VALUE);
  }

  /** As {@link #read(Path, Path)}, but only the first {@code limit} images: the rest is not read. */
  public static LabeledImages read(Path imagesFile, Path labelsFile, int limit) throws IOException {
    Images images = readImages(imagesFile, limit);
    int[] labels = readLabels(labelsFile, limit);
    if (labels.length != images.count()) {
      throw new InvalidDataException(
          labelsFile, labels.length + " labels for " + images.count() + " images in " + imagesFile);
    }
    return LabeledImages.grayscale(images.bytes(), labels, images.height(), images.width());
  }

  /** 8-bit pixels and the image size. */
  public record Images(byte[] bytes, int count, int height, int width) {

    /** The pixels as floats in [0, 1]. */
    public float[] pixels() {
      return LabeledImages.grayscale(bytes, new int[count], height, width).pixels();
    }
  }

  public static Images readImages(Path file) throws IOException {
    return readImages(file, Integer.MAX_VALUE);
  }

  private static Images readImages(Path file, int limit) throws IOException {
    return readWith(file, in -> {
      int magic = readHeaderInt(in, file);
      if (magic != IMAGES_MAGIC) {
        throw new InvalidDataException(
            file, "not an IDX images file (magic " + magic + ", expected " + IMAGES_MAGIC + ")");
      }
      int count = readHeaderInt(in, file);
      int height = readHeaderInt(in, file);
      int width = readHeaderInt(in, file);
      if (count < 0 || height <= 0 || width <= 0) {
        throw new InvalidDataException(
            file, "invalid dimensions " + count + "x" + height + "x" + width);
      }
      long total = (long) count * height * width;
      if (total > Integer.MAX_VALUE - 8) {
        throw new InvalidDataException(file, "too large: " + count + "x" + height + "x" + width);
      }
      int kept = Math.min(count, limit);
      byte[] raw = new byte[kept * height * width];
      int read = in.readNBytes(raw, 0, raw.length);
      if (read < raw.length) {
        throw new InvalidDataException(
            file, "truncated: header promises " + count + " images of " + height + "x" + width
                + " (" + total + " bytes) but only " + read + " bytes follow");
      }
      if (kept == count) {
        requireEnd(in, file);
      }
      return new Images(raw, kept, height, width);
    });
  }

  public static int[] readLabels(Path file) throws IOException {
    return readLabels(file, Integer.MAX_VALUE);
  }

  private static int[] readLabels(Path file, int limit) throws IOException {
    return readWith(file, in -> {
      int magic = readHeaderInt(in, file);
      if (magic != LABELS_MAGIC) {
        throw new InvalidDataException(
            file, "not an IDX labels file (magic " + magic + ", expected " + LABELS_MAGIC + ")");
      }
      int count = readHeaderInt(in, file);
      if (count < 0) {
        throw new InvalidDataException(file, "invalid label count " + count);
      }
      int kept = Math.min(count, limit);
      byte[] raw = new byte[kept];
      int read = in.readNBytes(raw, 0, kept);
      if (read < kept) {
        throw new InvalidDataException(
            file, "truncated: header promises " + count + " labels but only " + read + " bytes follow");
      }
      if (kept == count) {
        requireEnd(in, file);
      }
      int[] labels = new int[kept];
      for (int i = 0; i < kept; i++) {
        labels[i] = raw[i] & 0xff;
        if (labels[i] >= NUM_CLASSES) {
          throw new InvalidDataException(
              file, "label " + labels[i] + " of item " + i + " is outside 0.." + (NUM_CLASSES - 1));
        }
      }
      return labels;
    });
  }

  private interface IdxBody<T> {
    T read(DataInputStream in) throws IOException;
  }

  /** Runs {@code body} on the opened file; any I/O failure becomes a one-line error naming it. */
  private static <T> T readWith(Path file, IdxBody<T> body) throws IOException {
    try (DataInputStream in = open(file)) {
      return body.read(in);
    } catch (InvalidDataException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidDataException(file, "unreadable (" + e.getMessage() + ")");
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidDataException(file, "no such file");
    }
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new DataInputStream(in);
  }

  private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new InvalidDataException(file, "truncated: the file ends inside its header");
    }
  }

  private static void requireEnd(InputStream in, Path file) throws IOException {
    if (in.read() != -1) {
      throw new InvalidDataException(file, "unexpected bytes after the data the header describes");
    }
  }
}
