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

  static final int IMAGES_MAGIC = 0x00000803; // 2051: unsigned bytes, 3 dimensions [n, h, w]
  static final int COLOUR_IMAGES_MAGIC = 0x00000804; // 2052: unsigned bytes, 4 dimensions [n, h, w, c]
  static final int LABELS_MAGIC = 0x00000801; // 2049: unsigned bytes, 1 dimension
  /** The class count of MNIST-style files, the default of the two-argument readers. */
  public static final int DIGITS = 10;
  /** No limit but the byte's: labels 0..255. */
  public static final int ANY_CLASSES = 256;

  private IdxReader() {}

  /** Reads an images file and its labels file (labels 0..9), checking that they describe the same images. */
  public static LabeledImages read(Path imagesFile, Path labelsFile) throws IOException {
    return read(imagesFile, labelsFile, Integer.MAX_VALUE, DIGITS);
  }

  /**
   * As {@link #read(Path, Path)}, but only the first {@code limit} images (the rest is not read),
   * and labels 0..{@code classes - 1}.
   */
  public static LabeledImages read(Path imagesFile, Path labelsFile, int limit, int classes) throws IOException {
    Images images = readImages(imagesFile, limit);
    int[] labels = readLabels(labelsFile, limit, classes);
    if (labels.length != images.count()) {
      throw new InvalidDataException(
          labelsFile, labels.length + " labels for " + images.count() + " images in " + imagesFile);
    }
    return new LabeledImages(images.bytes(), labels, images.height(), images.width(), images.channels());
  }

  /** 8-bit pixels and the image shape (3-D files have one channel). */
  public record Images(byte[] bytes, int count, int height, int width, int channels) {

    /** The pixels as floats in [0, 1]. */
    public float[] pixels() {
      return new LabeledImages(bytes, new int[count], height, width, channels).pixels();
    }
  }

  public static Images readImages(Path file) throws IOException {
    return readImages(file, Integer.MAX_VALUE);
  }

  private static Images readImages(Path file, int limit) throws IOException {
    return readWith(file, in -> {
      int magic = readHeaderInt(in, file);
      if (magic != IMAGES_MAGIC && magic != COLOUR_IMAGES_MAGIC) {
        throw new InvalidDataException(
            file, "not an IDX images file (magic " + magic + ", expected " + IMAGES_MAGIC + " or " + COLOUR_IMAGES_MAGIC + ")");
      }
      int count = readHeaderInt(in, file);
      int height = readHeaderInt(in, file);
      int width = readHeaderInt(in, file);
      int channels = magic == COLOUR_IMAGES_MAGIC ? readHeaderInt(in, file) : 1;
      String dims = count + "x" + height + "x" + width + (magic == COLOUR_IMAGES_MAGIC ? "x" + channels : "");
      if (count < 0 || height <= 0 || width <= 0 || channels <= 0) {
        throw new InvalidDataException(file, "invalid dimensions " + dims);
      }
      long total = (long) count * height * width * channels;
      if (total > Integer.MAX_VALUE - 8) {
        throw new InvalidDataException(file, "too large: " + dims);
      }
      int kept = Math.min(count, limit);
      byte[] raw = new byte[kept * height * width * channels];
      int read = in.readNBytes(raw, 0, raw.length);
      if (read < raw.length) {
        throw new InvalidDataException(
            file, "truncated: header promises " + count + " images of " + dims.substring(dims.indexOf('x') + 1)
                + " (" + total + " bytes) but only " + read + " bytes follow");
      }
      if (kept == count) {
        requireEnd(in, file);
      }
      return new Images(raw, kept, height, width, channels);
    });
  }

  /** Labels 0..9. */
  public static int[] readLabels(Path file) throws IOException {
    return readLabels(file, Integer.MAX_VALUE, DIGITS);
  }

  /** The first {@code limit} labels, each 0..{@code classes - 1}. */
  public static int[] readLabels(Path file, int limit, int classes) throws IOException {
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
        if (labels[i] >= classes) {
          throw new InvalidDataException(
              file, "label " + labels[i] + " of item " + i + " is outside 0.." + (classes - 1));
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
