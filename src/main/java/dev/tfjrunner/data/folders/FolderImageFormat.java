package dev.tfjrunner.data.folders;

/**
 * What every picture of an image folder becomes, as Keras's {@code image_dataset_from_directory}
 * options: {@code height x width} pixels in {@code colorMode}, resized with {@code interpolation},
 * centre-cropped to the target's aspect ratio first when {@code cropToAspectRatio}.
 */
public record FolderImageFormat(int height, int width, ColorMode colorMode, Interpolation interpolation,
    boolean cropToAspectRatio) {

  /** Keras's default image_size (256, 256). */
  public static final int KERAS_DEFAULT_SIDE = 256;

  public FolderImageFormat {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("the image size must be at least 1x1, got " + height + "x" + width);
    }
  }

  public int channels() {
    return colorMode.channels();
  }

  public int valuesPerImage() {
    return height * width * channels();
  }

  /** e.g. {@code 28x28 grayscale, bilinear}. */
  public String describe() {
    return height + "x" + width + " " + colorMode.id() + ", " + interpolation.id() + (cropToAspectRatio ? ", cropped to aspect ratio" : "");
  }
}
