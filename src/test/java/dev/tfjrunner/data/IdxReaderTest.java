package dev.tfjrunner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.testing.TestData;
import dev.tfjrunner.data.LabeledImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir
  Path dir;

  @Test
  void readsTheOfficialMnistFiles() throws IOException {
    Dataset mnist = TestData.mnist();
    assertEquals(60_000, mnist.train().count());
    assertEquals(10_000, mnist.test().count());
    assertEquals(28, mnist.train().height());
    assertEquals(28, mnist.train().width());
    // The first training digits of MNIST are 5, 0, 4, 1, 9.
    assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(mnist.train().labels(), 5));
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float p : mnist.test().pixels()) {
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  @Test
  void readsGzipCompressedFashionMnist() throws IOException {
    Dataset fashion = Dataset.load(BuiltinDataset.FASHION, TestData.dataDir());
    assertEquals(60_000, fashion.train().count());
    assertEquals(10_000, fashion.test().count());
    // Fashion-MNIST's first training item is an ankle boot (9).
    assertEquals(9, fashion.train().labels()[0]);
  }

  @Test
  void gzipAndRawGiveTheSameImages() throws IOException {
    Path raw = images(3, 28, 28, 100);
    Path gz = dir.resolve("images.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(raw));
    }
    assertArrayEquals(IdxReader.readImages(raw).pixels(), IdxReader.readImages(gz).pixels());
  }

  @Test
  void scalesPixelsTo0To1() throws IOException {
    byte[] body = new byte[4];
    body[0] = (byte) 255;
    body[1] = (byte) 51;
    Path file = write("px", header(IdxReader.IMAGES_MAGIC, 1, 2, 2), body);
    assertArrayEquals(new float[] {1f, 0.2f, 0f, 0f}, IdxReader.readImages(file).pixels(), 1e-7f);
  }

  @Test
  void wrongMagicNamesTheFile() throws IOException {
    Path labels = write("labels", header(IdxReader.LABELS_MAGIC, 1), new byte[1]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readImages(labels));
    assertEquals(labels + ": not an IDX images file (magic 2049, expected 2051 or 2052)", e.getMessage());
  }

  @Test
  void imagesOfAnySizeAndColourFilesAreRead() throws IOException {
    Path images = images(2, 28, 29, 0);
    Path labels = write("labels", header(IdxReader.LABELS_MAGIC, 2), new byte[2]);
    LabeledImages read = DatasetFiles.idx(images, labels, images, labels).readTrain();
    assertEquals(28, read.height());
    assertEquals(29, read.width());
    assertEquals(1, read.channels());

    Path colour = write("colour", header(IdxReader.COLOUR_IMAGES_MAGIC, 2, 3, 2, 3), new byte[2 * 3 * 2 * 3]);
    LabeledImages rgb = IdxReader.read(colour, labels);
    assertEquals(3, rgb.channels());
    assertEquals(36, rgb.bytes().length);
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> IdxReader.readImages(write("cut", header(IdxReader.COLOUR_IMAGES_MAGIC, 2, 3, 2, 3), new byte[20])));
    assertEquals(dir.resolve("cut") + ": truncated: header promises 2 images of 3x2x3 (36 bytes) but only 20 bytes follow",
        e.getMessage());
  }

  @Test
  void zeroDimensionsAreRejected() throws IOException {
    Path file = write("zero", header(IdxReader.IMAGES_MAGIC, 5, 0, 28), new byte[0]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readImages(file));
    assertEquals(file + ": invalid dimensions 5x0x28", e.getMessage());
  }

  @Test
  void truncatedImagesAreRejected() throws IOException {
    Path file = write("short", header(IdxReader.IMAGES_MAGIC, 2, 28, 28), new byte[784 + 10]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readImages(file));
    assertEquals(file + ": truncated: header promises 2 images of 28x28 (1568 bytes) but only 794 bytes follow",
        e.getMessage());
  }

  @Test
  void truncatedHeaderIsRejected() throws IOException {
    Path file = write("header", new byte[] {0, 0, 8, 3, 0, 0});
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readImages(file));
    assertEquals(file + ": truncated: the file ends inside its header", e.getMessage());
  }

  @Test
  void truncatedLabelsAreRejected() throws IOException {
    Path file = write("labels", header(IdxReader.LABELS_MAGIC, 10), new byte[7]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readLabels(file));
    assertEquals(file + ": truncated: header promises 10 labels but only 7 bytes follow", e.getMessage());
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    Path file = write("long", header(IdxReader.LABELS_MAGIC, 2), new byte[3]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readLabels(file));
    assertEquals(file + ": unexpected bytes after the data the header describes", e.getMessage());
  }

  @Test
  void imageLabelCountMismatchIsRejected() throws IOException {
    Path images = images(3, 28, 28, 0);
    Path labels = write("labels", header(IdxReader.LABELS_MAGIC, 2), new byte[2]);
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.read(images, labels));
    assertEquals(labels + ": 2 labels for 3 images in " + images, e.getMessage());
  }

  @Test
  void labelOutsideZeroToNineIsRejected() throws IOException {
    Path labels = write("labels", header(IdxReader.LABELS_MAGIC, 3), new byte[] {1, 12, 3});
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readLabels(labels));
    assertEquals(labels + ": label 12 of item 1 is outside 0..9", e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readLabels(missing));
    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void brokenGzipIsNamed() throws IOException {
    Path gz = dir.resolve("broken.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(Files.readAllBytes(images(2, 28, 28, 1)));
    }
    byte[] all = bytes.toByteArray();
    Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> IdxReader.readImages(gz));
    assertTrue(e.getMessage().startsWith(gz + ": "), e.getMessage());
  }

  private Path images(int count, int rows, int cols, int fill) throws IOException {
    byte[] body = new byte[count * rows * cols];
    java.util.Arrays.fill(body, (byte) fill);
    return write("images-" + count + "-" + rows + "-" + cols, header(IdxReader.IMAGES_MAGIC, count, rows, cols), body);
  }

  private static byte[] header(int... ints) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (int i : ints) {
        out.writeInt(i);
      }
    }
    return bytes.toByteArray();
  }

  private Path write(String name, byte[]... parts) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.write(part);
    }
    return Files.write(dir.resolve(name), all.toByteArray());
  }
}
