package dev.tfjrunner.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The 8-bit pixels of equally sized images: one heap array for sets that fit in one, or
 * memory-mapped pages of a file for sets larger than the heap or than an array's 2 GB (the pages
 * live in the OS page cache, outside the JVM heap). A selection is a view through an index, not a
 * copy, so splitting or filtering a memory-mapped set costs 4 bytes an image. Reads are absolute,
 * so the prefetch thread and others may read at once.
 */
public final class ImageStore {

  private final ByteBuffer[] pages; // each holds imagesPerPage whole images
  private final int imageSize;
  private final int imagesPerPage;
  private final int[] rows; // null: image i is stored i-th
  private final int count;

  private ImageStore(ByteBuffer[] pages, int imageSize, int imagesPerPage, int[] rows, int count) {
    this.pages = pages;
    this.imageSize = imageSize;
    this.imagesPerPage = imagesPerPage;
    this.rows = rows;
    this.count = count;
  }

  /** Images stored back to back in {@code bytes}, {@code imageSize} values each. */
  public static ImageStore of(byte[] bytes, int imageSize) {
    if (imageSize < 1 || bytes.length % imageSize != 0) {
      throw new IllegalArgumentException(bytes.length + " values are not a whole number of images of " + imageSize);
    }
    return new ImageStore(new ByteBuffer[] {ByteBuffer.wrap(bytes)}, imageSize, Math.max(1, bytes.length / imageSize),
        null, bytes.length / imageSize);
  }

  /** {@code count} images stored back to back in {@code channel} from {@code offset}, mapped read-only in pages. */
  public static ImageStore mapped(FileChannel channel, long offset, int count, int imageSize) throws IOException {
    int perPage = Math.max(1, Integer.MAX_VALUE / imageSize);
    ByteBuffer[] pages = new ByteBuffer[Math.max(1, (count + perPage - 1) / perPage)];
    for (int p = 0; p < pages.length; p++) {
      int images = Math.min(perPage, count - p * perPage);
      pages[p] = channel.map(FileChannel.MapMode.READ_ONLY, offset + (long) p * perPage * imageSize,
          (long) images * imageSize);
    }
    return new ImageStore(pages, imageSize, perPage, null, count);
  }

  public int count() {
    return count;
  }

  /** Values per image. */
  public int imageSize() {
    return imageSize;
  }

  /** The images at {@code indices} (of this store), in that order: a view, nothing is copied. */
  public ImageStore select(int[] indices) {
    int[] selected = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      selected[i] = row(indices[i]);
    }
    return new ImageStore(pages, imageSize, imagesPerPage, selected, indices.length);
  }

  /** Copies image {@code index}'s values into {@code target} from {@code offset}. */
  public void copy(int index, byte[] target, int offset) {
    int row = row(index);
    pages[row / imagesPerPage].get((row % imagesPerPage) * imageSize, target, offset, imageSize);
  }

  /**
   * Writes image {@code index} as floats {@code v / 255f} into {@code target} from {@code offset}:
   * the one place 8-bit values become the network's floats (the study's arithmetic).
   */
  public void copyScaled(int index, float[] target, int offset) {
    int row = row(index);
    ByteBuffer page = pages[row / imagesPerPage];
    int from = (row % imagesPerPage) * imageSize;
    byte[] raw;
    if (page.hasArray()) {
      raw = page.array();
    } else {
      raw = new byte[imageSize];
      page.get(from, raw, 0, imageSize);
      from = 0;
    }
    for (int i = 0; i < imageSize; i++) {
      target[offset + i] = (raw[from + i] & 0xff) / 255f;
    }
  }

  /** Every image's values back to back in one new array (for sets that fit in one). */
  public byte[] toArray() {
    long total = (long) count * imageSize;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(count + " images of " + imageSize + " values do not fit in one array");
    }
    byte[] out = new byte[(int) total];
    for (int i = 0; i < count; i++) {
      copy(i, out, i * imageSize);
    }
    return out;
  }

  private int row(int index) {
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("image " + index + " of " + count);
    }
    return rows == null ? index : rows[index];
  }
}
