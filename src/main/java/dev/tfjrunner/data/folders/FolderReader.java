package dev.tfjrunner.data.folders;

import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.LabeledImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.tensorflow.proto.ConfigProto;

/**
 * Decodes the pictures of a {@link ClassFolders} into {@link LabeledImages} of one
 * {@link FolderImageFormat}, on all cores. A picture that cannot be decoded stops the read with an
 * error naming it, unless bad pictures are to be skipped: then they are left out and counted.
 */
public final class FolderReader {

  /** How many skipped files a report names. */
  public static final int NAMED_BAD_FILES = 5;

  /** The decoded images and the files that were skipped (empty unless skipping). */
  public record Decoded(LabeledImages images, List<Path> skipped) {

    /** e.g. {@code skipped 2 unreadable images: a.png, b.jpg}. */
    public String skippedSummary() {
      List<String> names = skipped.stream().limit(NAMED_BAD_FILES).map(Path::toString).toList();
      return "skipped " + skipped.size() + " unreadable image" + (skipped.size() == 1 ? "" : "s") + ": "
          + String.join(", ", names) + (skipped.size() > NAMED_BAD_FILES ? ", ..." : "");
    }
  }

  private FolderReader() {}

  /** Where decoded pictures go: the heap, or straight into a cache file. Called from several threads at once. */
  interface ImageSink {
    void put(int index, byte[] image) throws IOException;
  }

  /**
   * Decodes every picture into one heap array (for folders without a cache).
   *
   * @param session the resizing session's settings (the run's: TF sizes its thread pools by the first session)
   * @param log where the progress line goes
   */
  public static Decoded read(ClassFolders folders, FolderImageFormat format, boolean skipBadImages, ConfigProto session,
      DecodeLog log) throws IOException {
    int size = format.valuesPerImage();
    if ((long) folders.count() * size > Integer.MAX_VALUE - 8) {
      throw new InvalidDataException(folders.dir(), folders.count() + " images of " + format.describe()
          + " do not fit in one array");
    }
    byte[] pixels = new byte[folders.count() * size];
    SortedMap<Integer, String> bad = decodeAll(folders, format, skipBadImages, session, log,
        (i, image) -> System.arraycopy(image, 0, pixels, i * size, size));
    return keepGood(folders, new LabeledImages(pixels, folders.labels(), format.height(), format.width(),
        format.channels()), bad.keySet());
  }

  /**
   * Decodes every picture into {@code sink} on all cores, with a progress bar; returns the pictures
   * that could not be decoded (index to reason), which is empty unless skipping: otherwise the
   * first bad picture stops the read with an error naming it.
   */
  static SortedMap<Integer, String> decodeAll(ClassFolders folders, FolderImageFormat format, boolean skipBadImages,
      ConfigProto session, DecodeLog log, ImageSink sink) throws IOException {
    int n = folders.count();
    ConcurrentSkipListMap<Integer, String> bad = new ConcurrentSkipListMap<>();
    DecodeProgress bar = new DecodeProgress(log, folders.dir().toString(), n);
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    try (Resizer resizer = new Resizer(format.interpolation(), format.height(), format.width(), session)) {
      pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> {
        if (!skipBadImages && !bad.isEmpty()) {
          return; // stopping: an earlier picture is bad
        }
        byte[] image;
        try {
          image = decode(folders.files().get(i), format, resizer);
        } catch (IOException | RuntimeException e) {
          bad.put(i, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
          bar.step();
          return;
        }
        try {
          sink.put(i, image);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        bar.step();
      })).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding " + folders.dir());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException(folders.dir() + ": decoding failed (" + e.getCause() + ")", e.getCause());
    } finally {
      pool.shutdown();
    }
    if (!bad.isEmpty() && !skipBadImages) {
      var first = bad.firstEntry();
      throw new InvalidDataException(folders.files().get(first.getKey()),
          first.getValue() + " (--skip-bad-images leaves such files out)");
    }
    bar.finish();
    if (bad.size() == n) {
      throw new InvalidDataException(folders.dir(), "none of the " + n + " images could be decoded");
    }
    return bad;
  }

  /** {@code all} without the pictures at the indices {@code bad} (a view: nothing is copied). */
  static Decoded keepGood(ClassFolders folders, LabeledImages all, Set<Integer> bad) {
    if (bad.isEmpty()) {
      return new Decoded(all, List.of());
    }
    List<Path> skipped = new ArrayList<>();
    bad.forEach(i -> skipped.add(folders.files().get(i)));
    int[] kept = IntStream.range(0, all.count()).filter(i -> !bad.contains(i)).toArray();
    return new Decoded(all.select(kept), List.copyOf(skipped));
  }

  /** One file in {@code format}: decoded, cropped if asked, resized (also how serving prepares a folder model's pictures). */
  public static byte[] decode(Path file, FolderImageFormat format, Resizer resizer) throws IOException {
    PictureDecoder.Picture picture = PictureDecoder.decode(file, format.colorMode());
    if (format.cropToAspectRatio()) {
      picture = PictureDecoder.cropToAspectRatio(picture, format.height(), format.width());
    }
    return resizer.resize(picture.pixels(), picture.height(), picture.width(), picture.channels());
  }
}
