package dev.tfjrunner.data.folders;

import java.util.Locale;

/** The resizing method, as Keras's {@code interpolation} of {@code image_dataset_from_directory}. */
public enum Interpolation {
  BILINEAR, NEAREST, AREA, BICUBIC;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Interpolation fromId(String id) {
    for (Interpolation i : values()) {
      if (i.id().equals(id.toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown interpolation '" + id + "' (expected bilinear, nearest, area or bicubic)");
  }
}
