package dev.tfjrunner.data.folders;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.io.AtomicOutput;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The decoded images of one folder in one format, kept in {@code <cache dir>/<key>.images} so a
 * second run over the same folder decodes nothing. The key is a SHA-256 of the format, the
 * skip-bad-images setting and every file's path, size and modification time: any change to the
 * folder gives a new key. Written to a temporary file and renamed ({@link AtomicOutput}); read
 * through a memory map (into the heap array training feeds from). A cache file that does not
 * parse is ignored and rewritten.
 */
final class FolderCache {

  private static final int MAGIC = 0x54464a31; // "TFJ1"

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
  Optional<FolderReader.Decoded> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      if (map.getInt() != MAGIC) {
        return Optional.empty();
      }
      int count = map.getInt();
      int height = map.getInt();
      int width = map.getInt();
      int channels = map.getInt();
      int skippedCount = map.getInt();
      List<Path> skipped = new ArrayList<>();
      for (int i = 0; i < skippedCount; i++) {
        byte[] name = new byte[map.getInt()];
        map.get(name);
        skipped.add(Path.of(new String(name, StandardCharsets.UTF_8)));
      }
      int[] labels = new int[count];
      map.asIntBuffer().get(labels);
      map.position(map.position() + 4 * count);
      byte[] pixels = new byte[count * height * width * channels];
      map.get(pixels);
      return Optional.of(new FolderReader.Decoded(new LabeledImages(pixels, labels, height, width, channels), skipped));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // unreadable or cut short: decode again and rewrite it
    }
  }

  void write(FolderReader.Decoded decoded) throws IOException {
    LabeledImages images = decoded.images();
    AtomicOutput.writeFile(file, temporary -> {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20))) {
        out.writeInt(MAGIC);
        out.writeInt(images.count());
        out.writeInt(images.height());
        out.writeInt(images.width());
        out.writeInt(images.channels());
        out.writeInt(decoded.skipped().size());
        for (Path p : decoded.skipped()) {
          byte[] name = p.toString().getBytes(StandardCharsets.UTF_8);
          out.writeInt(name.length);
          out.write(name);
        }
        ByteBuffer labels = ByteBuffer.allocate(4 * images.count());
        labels.asIntBuffer().put(images.labels());
        out.write(labels.array());
        out.write(images.bytes());
      }
    });
  }

  private static void update(MessageDigest sha, String text) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }
}
