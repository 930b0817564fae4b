package dev.tfjrunner.run;

import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.DatasetFiles;
import dev.tfjrunner.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which data a run uses: a built-in data set ({@code mnist}, {@code fashion}) from the data
 * directory, or the user's own IDX files (raw or gz) or CSV files.
 *
 * @param dataset built-in name; ignored when files are given
 * @param name what runs call user data (default {@code custom})
 * @param classNames names of classes 0..9 for user data (default the digits)
 * @param dataDir where scripts/fetch-data.sh put the built-in data sets (default {@code <home>/data})
 */
public record DataConfig(String dataset, String name, List<String> classNames,
    String trainImages, String trainLabels, String testImages, String testLabels,
    String trainCsv, String testCsv, String dataDir) {

  public static DataConfig builtin(String dataset) {
    return new DataConfig(dataset, null, null, null, null, null, null, null, null, null);
  }

  private boolean idxFiles() {
    return trainImages != null || trainLabels != null || testImages != null || testLabels != null;
  }

  private boolean csvFiles() {
    return trainCsv != null || testCsv != null;
  }

  /** The data set's name as runs and reports show it. */
  public String displayName() {
    if (!idxFiles() && !csvFiles()) {
      return BuiltinDataset.fromId(dataset).id();
    }
    return name != null ? name : "custom";
  }

  /** The names of classes 0..9, known without reading the data (exports need them). */
  public List<String> resolvedClassNames() {
    return idxFiles() || csvFiles() ? classNamesOrDigits() : BuiltinDataset.fromId(dataset).classNames();
  }

  public Dataset load(Path home) throws IOException {
    return Dataset.load(displayName(), resolvedClassNames(), files(home));
  }

  /** The first {@code count} training images, without reading the rest of the data (previews). */
  public LabeledImages loadTrainFirst(Path home, int count) throws IOException {
    return files(home).readTrainFirst(count);
  }

  private DatasetFiles files(Path home) {
    if (idxFiles() && csvFiles()) {
      throw new IllegalArgumentException("give either IDX files (--train-images ...) or CSV files (--train-csv ...), not both");
    }
    if (idxFiles()) {
      requireAll("--train-images, --train-labels, --test-images and --test-labels", trainImages, trainLabels, testImages, testLabels);
      return DatasetFiles.idx(Path.of(trainImages), Path.of(trainLabels), Path.of(testImages), Path.of(testLabels));
    }
    if (csvFiles()) {
      requireAll("--train-csv and --test-csv", trainCsv, testCsv);
      return DatasetFiles.csv(Path.of(trainCsv), Path.of(testCsv));
    }
    return BuiltinDataset.fromId(dataset).files(dataDir != null ? Path.of(dataDir) : home.resolve("data"));
  }

  private List<String> classNamesOrDigits() {
    if (classNames == null) {
      return BuiltinDataset.MNIST.classNames();
    }
    if (classNames.size() != 10) {
      throw new IllegalArgumentException("class names must name all 10 classes, got " + classNames.size());
    }
    return classNames;
  }

  private static void requireAll(String what, String... paths) {
    for (String p : paths) {
      if (p == null) {
        throw new IllegalArgumentException(what + " must be given together");
      }
    }
  }
}
