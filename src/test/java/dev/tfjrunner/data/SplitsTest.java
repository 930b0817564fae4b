package dev.tfjrunner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

  /** 100 one-pixel "images" whose pixel is their index, so membership can be read back. */
  private static LabeledImages numbered() {
    float[] pixels = new float[100];
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      pixels[i] = i / 255f;
      labels[i] = i % 10;
    }
    return LabeledImages.grayscale(pixels, labels, 1, 1);
  }

  @Test
  void sameSeedSameSplit() {
    Splits a = Splits.validationSplit(numbered(), 0.1, 7);
    Splits b = Splits.validationSplit(numbered(), 0.1, 7);
    assertArrayEquals(a.validation().pixels(), b.validation().pixels());
    assertArrayEquals(a.train().pixels(), b.train().pixels());
  }

  @Test
  void otherSeedOtherSplit() {
    Splits a = Splits.validationSplit(numbered(), 0.1, 7);
    Splits b = Splits.validationSplit(numbered(), 0.1, 8);
    assertFalse(java.util.Arrays.equals(a.validation().pixels(), b.validation().pixels()));
  }

  @Test
  void partsAreDisjointAndCoverEverything() {
    Splits s = Splits.validationSplit(numbered(), 0.1, 3);
    assertEquals(10, s.validation().count());
    assertEquals(90, s.train().count());
    Set<Float> seen = new HashSet<>();
    for (float p : s.train().pixels()) {
      seen.add(p);
    }
    for (float p : s.validation().pixels()) {
      seen.add(p);
    }
    assertEquals(100, seen.size());
    for (int i = 0; i < s.train().count(); i++) {
      assertEquals(Math.round(s.train().pixels()[i] * 255) % 10, s.train().labels()[i], "labels travel with their images");
    }
  }

  @Test
  void rejectsFractionsOutsideZeroOne() {
    assertThrows(IllegalArgumentException.class, () -> Splits.validationSplit(numbered(), 0, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.validationSplit(numbered(), 1, 1));
  }
}
