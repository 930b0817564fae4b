package dev.tfjrunner.run;

import dev.tfjrunner.data.folders.ColorMode;
import dev.tfjrunner.data.folders.PictureSurvey;

/**
 * The size and colour mode a built-in network trains on image folders at, which it then takes as its input shape.
 * The size: {@code --image-size} when given; else the network's own (28x28) when the pictures' common size is no
 * larger, so small pictures train as the network was designed; else the pictures' common size, scaled down (aspect
 * kept) to at most {@link #MAX_SIDE} a side, as these small networks gain little from more pixels and their dense
 * layers grow with them. The colour mode: {@code --color-mode} when given; else rgb when any picture has colour and
 * grayscale when none has (an alpha channel is dropped, as Keras's default rgb does).
 *
 * @param line what was chosen and why, in one line
 */
record PictureFormatChoice(int height, int width, ColorMode colorMode, String line) {

  /** The longest side a built-in network trains at unless {@code --image-size} says otherwise. */
  static final int MAX_SIDE = 64;

  /**
   * @param imageSize [height, width] from {@code --image-size}, or null
   * @param colorMode from {@code --color-mode}, or null
   * @param design the network's own [height, width, channels]
   */
  static PictureFormatChoice of(PictureSurvey pictures, int[] imageSize, ColorMode colorMode, String model,
      long[] design) {
    int height;
    int width;
    String sizeWhy;
    if (imageSize != null) {
      height = imageSize[0];
      width = imageSize[1];
      sizeWhy = "--image-size";
    } else if (pictures.height() <= design[0] && pictures.width() <= design[1]) {
      height = (int) design[0];
      width = (int) design[1];
      sizeWhy = model + "'s own size, the pictures being no larger";
    } else if (Math.max(pictures.height(), pictures.width()) > MAX_SIDE) {
      double scale = (double) MAX_SIDE / Math.max(pictures.height(), pictures.width());
      height = Math.max(1, (int) Math.round(pictures.height() * scale));
      width = Math.max(1, (int) Math.round(pictures.width() * scale));
      sizeWhy = "their size scaled to " + MAX_SIDE + " a side at most";
    } else {
      height = pictures.height();
      width = pictures.width();
      sizeWhy = "their size";
    }
    ColorMode mode;
    String colourWhy;
    if (colorMode != null) {
      mode = colorMode;
      colourWhy = "--color-mode";
    } else {
      mode = pictures.colour() ? ColorMode.RGB : ColorMode.GRAYSCALE;
      colourWhy = pictures.colour() ? "rgb as some have colour" : "grayscale as none has colour";
    }
    String change = imageSize != null && colorMode != null ? "" : "; --image-size, --color-mode to change";
    String line = "Pictures: " + pictures.describe() + "; training at " + height + "x" + width + " " + mode.id() + " ("
        + sizeWhy + "; " + colourWhy + change + ")";
    return new PictureFormatChoice(height, width, mode, line);
  }
}
