package dev.tfjrunner.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a data set's train and test images live, in one of the two file formats, with the number
 * of classes their labels may name ({@link IdxReader#ANY_CLASSES}: any byte, the count then being
 * the largest label + 1).
 */
public sealed interface DatasetFiles {

  /** MNIST's image side, the CSV files' default shape (28x28x1). */
  int IMAGE_SIDE = 28;

  LabeledImages readTrain() throws IOException;

  LabeledImages readTest() throws IOException;

  /** The first {@code count} training images, the rest of the files left unread (for previews). */
  LabeledImages readTrainFirst(int count) throws IOException;

  /** MNIST-style IDX files: labels 0..9. */
  static DatasetFiles idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    return new Idx(trainImages, trainLabels, testImages, testLabels, IdxReader.DIGITS);
  }

  /** Kaggle-style 28x28 grayscale CSV files, labels 0..9. */
  static DatasetFiles csv(Path train, Path test) {
    return new Csv(train, test, new int[] {IMAGE_SIDE, IMAGE_SIDE, 1}, IdxReader.DIGITS);
  }

  /** IDX image files of any [n, h, w] or [n, h, w, c] shape, raw or gzip-compressed. */
  record Idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels, int classes) implements DatasetFiles {
    @Override
    public LabeledImages readTrain() throws IOException {
      return IdxReader.read(trainImages, trainLabels, Integer.MAX_VALUE, classes);
    }

    @Override
    public LabeledImages readTest() throws IOException {
      return IdxReader.read(testImages, testLabels, Integer.MAX_VALUE, classes);
    }

    @Override
    public LabeledImages readTrainFirst(int count) throws IOException {
      return IdxReader.read(trainImages, trainLabels, count, classes);
    }
  }

  /** Kaggle-style CSV files with a label column, images of {@code shape} = [h, w, c]. */
  record Csv(Path train, Path test, int[] shape, int classes) implements DatasetFiles {
    @Override
    public LabeledImages readTrain() throws IOException {
      return readTrainFirst(Integer.MAX_VALUE);
    }

    @Override
    public LabeledImages readTest() throws IOException {
      return CsvReader.read(test, shape[0], shape[1], shape[2], Integer.MAX_VALUE, classes);
    }

    @Override
    public LabeledImages readTrainFirst(int count) throws IOException {
      return CsvReader.read(train, shape[0], shape[1], shape[2], count, classes);
    }
  }
}
