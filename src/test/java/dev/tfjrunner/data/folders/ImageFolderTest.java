package dev.tfjrunner.data.folders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.testing.ImageFolders;
import dev.tfjrunner.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;

/** Keras's image_dataset_from_directory layout on real MNIST pictures: listing, decoding, resizing, bad input. */
class ImageFolderTest {

  private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  private static final FolderImageFormat GRAY28 =
      new FolderImageFormat(28, 28, ColorMode.GRAYSCALE, Interpolation.BILINEAR, false);

  @TempDir
  Path dir;

  private static FolderReader.Decoded read(Path folder, FolderImageFormat format, boolean skip) throws IOException {
    return FolderReader.read(ClassFolders.scan(folder), format, skip, ConfigProto.getDefaultInstance(), DecodeLog.SILENT);
  }

  @Test
  void classesAreSubfoldersSortedByCodePointWithNestedFilesAndKerasExtensions() throws IOException {
    for (String c : List.of("b", "B", "a", "\u00e9", "Z")) {
      Files.createDirectories(dir.resolve(c).resolve("nested"));
      Files.write(dir.resolve(c).resolve("x.PNG"), new byte[0]);
      Files.write(dir.resolve(c).resolve("nested").resolve("y.jpeg"), new byte[0]);
      Files.write(dir.resolve(c).resolve("notes.txt"), new byte[0]);
    }
    Files.write(dir.resolve("stray.png"), new byte[0]);
    ClassFolders folders = ClassFolders.scan(dir);
    assertEquals(List.of("B", "Z", "a", "b", "\u00e9"), folders.classNames());
    assertEquals(10, folders.count());
    assertEquals(dir.resolve("B").resolve("nested").resolve("y.jpeg"), folders.files().get(0));
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4}, folders.labels());
  }

  @Test
  void grayscalePngsDecodeToTheirExactPixelsAndOddSizesAreResized() throws IOException {
    LabeledImages mnist = TestData.testImages(60);
    ImageFolders.write(mnist, DIGITS, dir, 0, 0);
    LabeledImages decoded = read(dir, GRAY28, false).images();
    assertEquals(60, decoded.count());
    // Files are listed by class, then by name: the same images, grouped by label.
    List<Integer> order = new ArrayList<>();
    for (int label = 0; label < 10; label++) {
      for (int i = 0; i < 60; i++) {
        if (mnist.labels()[i] == label) {
          order.add(i);
        }
      }
    }
    LabeledImages expected = mnist.select(order.stream().mapToInt(Integer::intValue).toArray());
    assertArrayEquals(expected.bytes(), decoded.bytes());
    List<String> classes = ClassFolders.scan(dir).classNames(); // only the digits present
    for (int i = 0; i < 60; i++) {
      assertEquals(String.valueOf(expected.labels()[i]), classes.get(decoded.labels()[i]));
    }

    Path other = dir.resolveSibling(dir.getFileName() + "-odd");
    ImageFolders.write(mnist, DIGITS, other, 1, 3);
    LabeledImages resized = read(other, GRAY28, false).images();
    assertEquals(28, resized.height());
    assertEquals(1, resized.channels());
    double meanError = 0;
    for (int i = 0; i < resized.bytes().length; i++) {
      meanError += Math.abs((resized.bytes()[i] & 0xff) - (expected.bytes()[i] & 0xff));
    }
    meanError /= resized.bytes().length;
    assertTrue(meanError < 20, "resized and JPEG pictures stay close to the originals: " + meanError);
  }

  @Test
  void bilinearResizingIsTensorFlowsHalfPixelKernel() {
    // 2x2 -> 4x4 with half-pixel centres: source rows/columns at -0.25, 0.25, 0.75, 1.25 (clamped).
    try (Resizer resizer = new Resizer(Interpolation.BILINEAR, 4, 4, ConfigProto.getDefaultInstance())) {
      byte[] out = resizer.resize(new byte[] {0, (byte) 100, (byte) 200, (byte) 255}, 2, 2, 1);
      assertArrayEquals(new int[] {0, 25, 75, 100, 50, 72, 117, 139, 150, 167, 200, 216, 200, 214, 241, 255},
          unsigned(out));
    }
    try (Resizer resizer = new Resizer(Interpolation.NEAREST, 1, 2, ConfigProto.getDefaultInstance())) {
      assertArrayEquals(new int[] {200, 255}, unsigned(resizer.resize(new byte[] {0, (byte) 100, (byte) 200, (byte) 255}, 2, 2, 1)));
    }
  }

  @Test
  void cropToAspectRatioTakesTheCentreAsKeras() {
    byte[] p = new byte[6 * 2];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) i;
    }
    PictureDecoder.Picture cropped = PictureDecoder.cropToAspectRatio(new PictureDecoder.Picture(p, 6, 2, 1), 1, 1);
    assertEquals(2, cropped.height());
    assertEquals(2, cropped.width());
    assertArrayEquals(new byte[] {4, 5, 6, 7}, cropped.pixels());
  }

  @Test
  void aTestFolderMustHaveTheTrainingFoldersClasses() throws IOException {
    LabeledImages all = TestData.testImages(100); // every digit
    ImageFolders.write(all, DIGITS, dir.resolve("train"), 0, 0);
    ImageFolders.write(all, DIGITS, dir.resolve("test"), 0, 0);
    int[] lowDigits = java.util.stream.IntStream.range(0, 100).filter(i -> all.labels()[i] < 5).toArray();
    ImageFolders.write(all.select(lowDigits), DIGITS, dir.resolve("few"), 0, 0);

    Dataset d = new FolderSource(dir.resolve("train"), null, dir.resolve("test"), GRAY28, false, null)
        .load("mine", ConfigProto.getDefaultInstance(), DecodeLog.SILENT);
    assertEquals(100, d.train().count());
    assertEquals(100, d.test().count());
    assertNull(d.validation(), "no validation folder: the run splits the training folder");
    assertEquals(DIGITS, d.classNames());

    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> new FolderSource(dir.resolve("train"), null, dir.resolve("few"), GRAY28, false, null)
            .load("mine", ConfigProto.getDefaultInstance(), DecodeLog.SILENT));
    assertEquals(dir.resolve("few") + ": its class folders differ from the training folder " + dir.resolve("train")
        + "'s (missing: 5, 6, 7, 8, 9)", e.getMessage());
  }

  @Test
  void aSecondReadOfTheSameFolderComesFromTheCacheAndAChangedFolderIsDecodedAgain() throws IOException {
    ImageFolders.write(TestData.testImages(50), DIGITS, dir.resolve("train"), 0, 0);
    Path cache = dir.resolve("cache");
    FolderSource source = new FolderSource(dir.resolve("train"), null, null, GRAY28, false, cache);
    List<String> lines = new ArrayList<>();
    DecodeLog log = new DecodeLog() {
      @Override
      public void println(String line) {
        lines.add(line);
      }

      @Override
      public void redraw(String line) {}

      @Override
      public boolean interactive() {
        return false;
      }
    };
    Dataset first = source.load("mine", ConfigProto.getDefaultInstance(), log);
    assertTrue(lines.get(0).startsWith("Decoding " + dir.resolve("train") + ": 50/50 images"), lines.toString());
    List<Path> files;
    try (var listing = Files.list(cache)) {
      files = listing.toList();
    }
    assertEquals(1, files.size(), "one cache file, no temporary left: " + files);

    lines.clear();
    Dataset second = source.load("mine", ConfigProto.getDefaultInstance(), log);
    assertTrue(lines.get(0).startsWith("Read " + dir.resolve("train") + ": 50 images from the cache " + files.get(0)),
        lines.toString());
    assertArrayEquals(first.train().bytes(), second.train().bytes());
    assertArrayEquals(first.train().labels(), second.train().labels());

    lines.clear();
    Path one = ClassFolders.scan(dir.resolve("train")).files().get(0);
    Files.setLastModifiedTime(one, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(one).toMillis() + 5000));
    source.load("mine", ConfigProto.getDefaultInstance(), log);
    assertTrue(lines.get(0).startsWith("Decoding "), "a modified file changes the key: " + lines);
  }

  @Test
  void badLayoutsAreOneLineNamingTheFolder() throws IOException {
    InvalidDataException missing = assertThrows(InvalidDataException.class, () -> ClassFolders.scan(dir.resolve("nope")));
    assertEquals(dir.resolve("nope") + ": no such folder", missing.getMessage());

    InvalidDataException none = assertThrows(InvalidDataException.class, () -> ClassFolders.scan(dir));
    assertTrue(none.getMessage().startsWith(dir + ": no images (.bmp .gif .jpeg .jpg .png) in class subfolders"),
        none.getMessage());

    ImageFolders.write(TestData.testImages(3).select(new int[] {0}), DIGITS, dir, 0, 0);
    InvalidDataException one = assertThrows(InvalidDataException.class, () -> ClassFolders.scan(dir));
    assertEquals(dir + ": only one class folder (7): a classifier needs at least two", one.getMessage());

    Files.createDirectories(dir.resolve("empty"));
    Files.writeString(dir.resolve("empty").resolve("readme.txt"), "no pictures");
    InvalidDataException empty = assertThrows(InvalidDataException.class, () -> ClassFolders.scan(dir));
    assertEquals(dir.resolve("empty") + ": class folder holds no images (.bmp .gif .jpeg .jpg .png)", empty.getMessage());
  }

  @Test
  void aCorruptPictureStopsTheReadNamingItUnlessSkipped() throws IOException {
    ImageFolders.write(TestData.testImages(30), DIGITS, dir, 0, 0);
    Path corrupt = Files.write(dir.resolve("3").resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    Path text = Files.writeString(dir.resolve("5").resolve("fake.jpg"), "not a picture");
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> read(dir, GRAY28, false));
    // Decoding runs in parallel and stops at the first failure: either bad file may be the one named.
    assertTrue(e.getMessage().startsWith(corrupt + ": ") || e.getMessage().startsWith(text + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(--skip-bad-images leaves such files out)"), e.getMessage());

    FolderReader.Decoded skipped = read(dir, GRAY28, true);
    assertEquals(30, skipped.images().count());
    assertEquals(List.of(corrupt, text), skipped.skipped());
    assertEquals("skipped 2 unreadable images: " + corrupt + ", " + text, skipped.skippedSummary());
  }

  private static int[] unsigned(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xff;
    }
    return out;
  }
}
