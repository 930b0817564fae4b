package dev.tfjrunner.data.folders;

import java.util.Locale;

/** How decoded pictures are converted, as Keras's {@code color_mode}: 1, 3 or 4 channels. */
public enum ColorMode {
  GRAYSCALE(1), RGB(3), RGBA(4);

  private final int channels;

  ColorMode(int channels) {
    this.channels = channels;
  }

  public int channels() {
    return channels;
  }

  /** The Keras name: grayscale, rgb or rgba. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ColorMode fromId(String id) {
    for (ColorMode m : values()) {
      if (m.id().equals(id.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown colour mode '" + id + "' (expected grayscale, rgb or rgba)");
  }

  /** The mode of {@code channels}-channel images (1, 3 or 4). */
  public static ColorMode ofChannels(long channels) {
    for (ColorMode m : values()) {
      if (m.channels == channels) {
        return m;
      }
    }
    throw new IllegalArgumentException("images of " + channels + " channels have no colour mode (1, 3 or 4)");
  }
}
