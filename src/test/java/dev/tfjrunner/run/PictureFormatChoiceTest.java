package dev.tfjrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tfjrunner.data.folders.ColorMode;
import dev.tfjrunner.data.folders.PictureSurvey;
import org.junit.jupiter.api.Test;

/** The size and colour a built-in network trains image folders at, and the line that says why. */
class PictureFormatChoiceTest {

  private static final long[] DESIGN = {28, 28, 1};

  private static PictureSurvey sized(int height, int width, boolean colour, boolean alpha) {
    return new PictureSurvey(873, 6, height, width, true, true, height, width, height, width, colour, alpha);
  }

  private static String chosen(PictureFormatChoice c) {
    return c.height() + "x" + c.width() + " " + c.colorMode().id();
  }

  @Test
  void picturesNoLargerThanTheDesignTrainAtIt() {
    PictureFormatChoice c = PictureFormatChoice.of(sized(20, 28, false, false), null, null, "advanced", DESIGN);
    assertEquals("28x28 grayscale", chosen(c));
    assertEquals("Pictures: 873 of 20x28 grayscale in 6 classes; training at 28x28 grayscale (advanced's own size,"
        + " the pictures being no larger; grayscale as none has colour; --image-size, --color-mode to change)", c.line());
  }

  @Test
  void largerPicturesTrainAtTheirSizeInRgbWhenAnyHasColour() {
    PictureFormatChoice c = PictureFormatChoice.of(sized(48, 48, true, true), null, null, "advanced", DESIGN);
    assertEquals("48x48 rgb", chosen(c));
    assertEquals("Pictures: 873 of 48x48 rgba in 6 classes; training at 48x48 rgb (their size; rgb as some have colour;"
        + " --image-size, --color-mode to change)", c.line());
    // one side larger is larger
    assertEquals("28x40 grayscale", chosen(PictureFormatChoice.of(sized(28, 40, false, false), null, null, "mlp", DESIGN)));
  }

  @Test
  void photosAreScaledToSixtyFourASideKeepingTheirAspect() {
    PictureFormatChoice c = PictureFormatChoice.of(sized(480, 640, true, false), null, null, "bn-gap", DESIGN);
    assertEquals("48x64 rgb", chosen(c));
    assertEquals("Pictures: 873 of 480x640 rgb in 6 classes; training at 48x64 rgb (their size scaled to 64 a side"
        + " at most; rgb as some have colour; --image-size, --color-mode to change)", c.line());
  }

  @Test
  void theOptionsWin() {
    PictureFormatChoice c = PictureFormatChoice.of(sized(480, 640, true, false), new int[] {96, 128}, ColorMode.GRAYSCALE,
        "advanced", DESIGN);
    assertEquals("96x128 grayscale", chosen(c));
    assertEquals("Pictures: 873 of 480x640 rgb in 6 classes; training at 96x128 grayscale (--image-size; --color-mode)",
        c.line());
    assertEquals("28x28 rgba", chosen(PictureFormatChoice.of(sized(16, 16, true, true), null, ColorMode.RGBA, "advanced",
        DESIGN)));
  }
}
