package dev.tfjrunner.data;

import java.io.IOException;
import java.nio.file.Path;

/** Where a data set's train and test images live, in one of the two supported formats. */
public sealed interface DatasetFiles {

  /** Side of the square images every model of this project takes. */
  int IMAGE_SIDE = 28;

  LabeledImages readTrain() throws IOException;

  LabeledImages readTest() throws IOException;

  /** The first {@code count} training images, the rest of the files left unread (for previews). */
  LabeledImages readTrainFirst(int count) throws IOException;

  static DatasetFiles idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    return new Idx(trainImages, trainLabels, testImages, testLabels);
  }

  static DatasetFiles csv(Path train, Path test) {
    return new Csv(train, test);
  }

  /** IDX image and label files, raw or gzip-compressed. */
  record Idx(Path trainImages, Path trainLabels, Path testImages, Path testLabels) implements DatasetFiles {
    @Override
    public LabeledImages readTrain() throws IOException {
      return requireModelSize(trainImages, IdxReader.read(trainImages, trainLabels));
    }

    @Override
    public LabeledImages readTest() throws IOException {
      return requireModelSize(testImages, IdxReader.read(testImages, testLabels));
    }

    @Override
    public LabeledImages readTrainFirst(int count) throws IOException {
      return requireModelSize(trainImages, IdxReader.read(trainImages, trainLabels, count));
    }
  }

  /** Kaggle-style CSV files with a label column. */
  record Csv(Path train, Path test) implements DatasetFiles {
    @Override
    public LabeledImages readTrain() throws IOException {
      return CsvReader.read(train, IMAGE_SIDE);
    }

    @Override
    public LabeledImages readTest() throws IOException {
      return CsvReader.read(test, IMAGE_SIDE);
    }

    @Override
    public LabeledImages readTrainFirst(int count) throws IOException {
      return CsvReader.read(train, IMAGE_SIDE, count);
    }
  }

  private static LabeledImages requireModelSize(Path file, LabeledImages images) throws InvalidDataException {
    if (images.height() != IMAGE_SIDE || images.width() != IMAGE_SIDE) {
      throw new InvalidDataException(file, "images are " + images.height() + "x" + images.width()
          + ", the models take " + IMAGE_SIDE + "x" + IMAGE_SIDE);
    }
    return images;
  }
}
