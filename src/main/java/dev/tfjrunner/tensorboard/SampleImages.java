package dev.tfjrunner.tensorboard;

/**
 * Training inputs to show in TensorBoard's Images tab, as the network sees them (after
 * preprocessing and augmentation), e.g. from {@code TrainingGraph.networkInputs(data, true, 0)}.
 *
 * @param pixels {@code count * height * width * channels} values in [0, 1], image after image;
 *     values outside that range are clamped when drawn
 * @param height rows of one image
 * @param width columns of one image
 * @param channels 1 (grayscale) or 3 (RGB)
 */
public record SampleImages(float[] pixels, int height, int width, int channels) {

  public SampleImages {
    int size = height * width * channels;
    if (height < 1 || width < 1 || (channels != 1 && channels != 3) || pixels.length == 0 || pixels.length % size != 0) {
      throw new IllegalArgumentException("sample pixels must hold at least one " + height + "x" + width + "x" + channels
          + " image (1 or 3 channels), got " + pixels.length + " values");
    }
  }

  public int count() {
    return pixels.length / (height * width * channels);
  }
}
