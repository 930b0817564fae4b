package dev.tfjrunner.data;

import java.io.IOException;
import java.util.List;

/**
 * A named data set with its train part and, when the data has them, its own validation and test
 * parts.
 *
 * @param name what runs and reports call it ({@code mnist}, {@code fashion}, or a user's name)
 * @param classNames display name of each class id
 * @param test the test images; null when the data has none (no test evaluation then)
 * @param validation a validation set of its own; null to carve one out of {@code train}
 */
public record Dataset(String name, List<String> classNames, LabeledImages train, LabeledImages test,
    LabeledImages validation) {

  public Dataset {
    classNames = List.copyOf(classNames);
  }

  /** Train and test parts, validation carved out of train. */
  public Dataset(String name, List<String> classNames, LabeledImages train, LabeledImages test) {
    this(name, classNames, train, test, null);
  }

  public static Dataset load(String name, List<String> classNames, DatasetFiles files) throws IOException {
    return new Dataset(name, List.copyOf(classNames), files.readTrain(), files.readTest());
  }

  public static Dataset load(BuiltinDataset builtin, java.nio.file.Path dataDir) throws IOException {
    return load(builtin.id(), builtin.classNames(), builtin.files(dataDir));
  }

  public boolean hasTest() {
    return test != null;
  }
}
