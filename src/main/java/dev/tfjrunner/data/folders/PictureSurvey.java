package dev.tfjrunner.data.folders;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * What the pictures of a folder are, before any is resized: their sizes (from the file headers), whether any has
 * colour and whether any has an alpha channel. A picture has colour when a visible pixel's red, green and blue differ
 * by more than {@link #GRAY_TOLERANCE}; pictures whose header says gray (or whose palette is all gray) are not
 * decoded, and the check stops at the first picture with colour. Files that cannot be read are left out (decoding
 * reports them).
 *
 * @param count the pictures read
 * @param classes the class folders
 * @param height the common height: the size at least half the pictures share, else the median
 * @param width the common width (as {@code height})
 * @param oneSize whether every picture has the common size
 * @param shared whether at least half the pictures have the common size (else it is the median)
 * @param minHeight the smallest height (and so on)
 * @param colour whether any picture has colour
 * @param alpha whether any picture has an alpha channel (or a transparent palette entry)
 */
public record PictureSurvey(int count, int classes, int height, int width, boolean oneSize, boolean shared,
    int minHeight, int minWidth, int maxHeight, int maxWidth, boolean colour, boolean alpha) {

  /** Channel differences up to this (of 255) are rounding, not colour. */
  public static final int GRAY_TOLERANCE = 2;

  /** One picture's header: its size and what its colour model may hold. */
  private record Header(Path file, int height, int width, boolean mayHaveColour, boolean alpha) {}

  /** Surveys every picture of {@code folders}, on all cores. */
  public static PictureSurvey of(ClassFolders folders) {
    List<Header> headers = folders.files().parallelStream().map(PictureSurvey::header).filter(Objects::nonNull).toList();
    int classes = folders.classNames().size();
    if (headers.isEmpty()) {
      return new PictureSurvey(0, classes, 0, 0, true, true, 0, 0, 0, 0, false, false);
    }
    Map<List<Integer>, Long> sizes = headers.stream()
        .collect(Collectors.groupingBy(h -> List.of(h.height(), h.width()), Collectors.counting()));
    Map.Entry<List<Integer>, Long> most = sizes.entrySet().stream()
        .max(Map.Entry.<List<Integer>, Long>comparingByValue()
            .thenComparing(e -> e.getKey().get(0) * e.getKey().get(1)))
        .orElseThrow();
    boolean shared = most.getValue() * 2 >= headers.size();
    int height = shared ? most.getKey().get(0) : median(headers, Header::height);
    int width = shared ? most.getKey().get(1) : median(headers, Header::width);
    boolean colour = headers.parallelStream().filter(Header::mayHaveColour).anyMatch(h -> hasColour(h.file()));
    return new PictureSurvey(headers.size(), classes, height, width, sizes.size() == 1, shared,
        headers.stream().mapToInt(Header::height).min().orElseThrow(),
        headers.stream().mapToInt(Header::width).min().orElseThrow(),
        headers.stream().mapToInt(Header::height).max().orElseThrow(),
        headers.stream().mapToInt(Header::width).max().orElseThrow(),
        colour, headers.stream().anyMatch(Header::alpha));
  }

  /** The colour mode the pictures have: rgb(a) with colour, grayscale without; e.g. {@code rgba}. */
  public String colours() {
    return colour ? (alpha ? "rgba" : "rgb") : (alpha ? "grayscale with alpha" : "grayscale");
  }

  /** e.g. {@code 873 of 48x48 rgba in 6 classes}, {@code 900 of 20x20 to 64x60 (mostly 48x48) rgb in 6 classes}. */
  public String describe() {
    String size = oneSize ? height + "x" + width
        : minHeight + "x" + minWidth + " to " + maxHeight + "x" + maxWidth + " (" + (shared ? "mostly " : "median ")
            + height + "x" + width + ")";
    return String.format(Locale.ROOT, "%,d of %s %s in %d classes", count, size, colours(), classes);
  }

  private static int median(List<Header> headers, Function<Header, Integer> side) {
    int[] sorted = headers.stream().mapToInt(side::apply).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /** The header of {@code file}, or null when ImageIO cannot read it. */
  private static Header header(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        ColorModel model = raw == null ? null : raw.getColorModel();
        // An unknown colour model is checked pixel by pixel.
        boolean mayHaveColour = model == null || !(model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
            || model instanceof IndexColorModel palette && grayPalette(palette));
        return new Header(file, reader.getHeight(0), reader.getWidth(0), mayHaveColour, model != null && model.hasAlpha());
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean grayPalette(IndexColorModel palette) {
    for (int i = 0; i < palette.getMapSize(); i++) {
      if (!gray(palette.getRGB(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a visible pixel of {@code file} has colour; an unreadable file has none. */
  private static boolean hasColour(Path file) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      return false;
    }
    if (image == null) {
      return false;
    }
    int[] argb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    return Arrays.stream(argb).anyMatch(p -> (p >>> 24) != 0 && !gray(p));
  }

  private static boolean gray(int argb) {
    int r = (argb >> 16) & 0xff;
    int g = (argb >> 8) & 0xff;
    int b = argb & 0xff;
    return Math.abs(r - g) <= GRAY_TOLERANCE && Math.abs(g - b) <= GRAY_TOLERANCE && Math.abs(r - b) <= GRAY_TOLERANCE;
  }
}
