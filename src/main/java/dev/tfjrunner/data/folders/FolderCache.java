package dev.tfjrunner.data.folders;

import dev.tfjrunner.data.ImageStore;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.AtomicOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SortedMap;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.ConfigProto;

/**
 * The decoded images of one folder in one format, kept in {@code <cache dir>/<key>.images} so a
 * second run over the same folder decodes nothing. The key is a SHA-256 of the format, the
 * skip-bad-images setting and every file's path, size and modification time: any change to the
 * folder gives a new key. Pictures are decoded straight into a temporary file and renamed
 * ({@link AtomicOutput}), then read through memory maps: neither step holds the pixels in the JVM
 * heap, so a folder larger than the heap trains. A cache file that does not parse is ignored and
 * rewritten.
 *
 * <p>Layout (big-endian): magic, count, height, width, channels; count labels; count images of
 * height*width*channels bytes; the number of skipped pictures and their indices (the key fixes
 * the file list, so an index names the file). A skipped picture's slot stays zero and is left out
 * when read.
 */
final class FolderCache {

  private static final int MAGIC = 0x54464a32; // "TFJ2"
  private static final int HEADER_BYTES = 5 * Integer.BYTES;

  private final Path file;

  private FolderCache(Path file) {
    this.file = file;
  }

  static FolderCache of(Path cacheDir, ClassFolders folders, FolderImageFormat format, boolean skipBadImages)
      throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(sha, format.toString() + "|skip=" + skipBadImages + "|" + folders.classNames());
    for (Path f : folders.files()) {
      BasicFileAttributes attributes = Files.readAttributes(f, BasicFileAttributes.class);
      update(sha, f.toAbsolutePath() + "|" + attributes.size() + "|" + attributes.lastModifiedTime().toMillis());
    }
    return new FolderCache(cacheDir.resolve(HexFormat.of().formatHex(sha.digest()).substring(0, 32) + ".images"));
  }

  Path file() {
    return file;
  }

  /** The cached images, when this exact folder and format were decoded before. */
  Optional<FolderReader.Decoded> read(ClassFolders folders) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, 0, HEADER_BYTES);
      if (header.getInt() != MAGIC) {
        return Optional.empty();
      }
      int count = header.getInt();
      int height = header.getInt();
      int width = header.getInt();
      int channels = header.getInt();
      int size = height * width * channels;
      int[] labels = new int[count];
      channel.map(FileChannel.MapMode.READ_ONLY, HEADER_BYTES, 4L * count).asIntBuffer().get(labels);
      long pixelsAt = HEADER_BYTES + 4L * count;
      long trailerAt = pixelsAt + (long) count * size;
      ByteBuffer trailer = channel.map(FileChannel.MapMode.READ_ONLY, trailerAt, channel.size() - trailerAt);
      Set<Integer> skipped = new TreeSet<>();
      for (int i = trailer.getInt(); i > 0; i--) {
        skipped.add(trailer.getInt());
      }
      LabeledImages all = new LabeledImages(ImageStore.mapped(channel, pixelsAt, count, size), labels, height, width,
          channels);
      return Optional.of(FolderReader.keepGood(folders, all, skipped));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or cut short: decode again and rewrite it
    }
  }

  /** Decodes {@code folders} into the cache file (nothing in the heap but a picture at a time) and reads it back. */
  FolderReader.Decoded decode(ClassFolders folders, FolderImageFormat format, boolean skipBadImages, ConfigProto session,
      DecodeLog log) throws IOException {
    int count = folders.count();
    int size = format.valuesPerImage();
    long pixelsAt = HEADER_BYTES + 4L * count;
    AtomicOutput.writeFile(file, temporary -> {
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer head = ByteBuffer.allocate((int) pixelsAt).order(ByteOrder.BIG_ENDIAN);
        head.putInt(MAGIC).putInt(count).putInt(format.height()).putInt(format.width()).putInt(format.channels());
        head.asIntBuffer().put(folders.labels());
        writeFully(out, head.rewind(), 0);
        SortedMap<Integer, String> bad = FolderReader.decodeAll(folders, format, skipBadImages, session, log,
            (i, image) -> writeFully(out, ByteBuffer.wrap(image), pixelsAt + (long) i * size));
        writeFully(out, trailer(bad.keySet()), pixelsAt + (long) count * size);
      }
    });
    return read(folders).orElseThrow(() -> new IOException(file + ": the cache just written does not read back"));
  }

  private static ByteBuffer trailer(Set<Integer> bad) {
    ByteBuffer trailer = ByteBuffer.allocate(Integer.BYTES * (1 + bad.size())).putInt(bad.size());
    bad.forEach(trailer::putInt);
    return trailer.rewind();
  }

  /** Positional writes: safe from several decoding threads at once. */
  private static void writeFully(FileChannel out, ByteBuffer data, long position) throws IOException {
    while (data.hasRemaining()) {
      position += out.write(data, position);
    }
  }

  private static void update(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
