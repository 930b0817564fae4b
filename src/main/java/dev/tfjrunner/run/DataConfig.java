package dev.tfjrunner.run;

import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.DatasetFiles;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.folders.ColorMode;
import dev.tfjrunner.data.folders.FolderImageFormat;
import dev.tfjrunner.data.folders.FolderSource;
import dev.tfjrunner.data.folders.Interpolation;
import dev.tfjrunner.model.Input;
import java.io.IOException;
import dev.tfjrunner.data.folders.DecodeLog;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.proto.ConfigProto;

/**
 * Which data a run uses: a built-in data set ({@code mnist}, {@code fashion}) from the data
 * directory, the user's own IDX files (raw or gz) or CSV files, or image folders (one subfolder
 * per class, as Keras's {@code image_dataset_from_directory}).
 *
 * @param dataset built-in name; ignored when files are given
 * @param name what runs call user data (default {@code custom})
 * @param classNames names of classes 0..9 for user data (default the digits)
 * @param dataDir where scripts/fetch-data.sh put the built-in data sets (default {@code <home>/data})
 * @param trainDir image folder to train on (its subfolders are the classes)
 * @param validationDir image folder to validate on (default: a split of {@code trainDir})
 * @param testDir image folder to test on (default: none, no test evaluation)
 * @param imageSize [height, width] the pictures are resized to (default: the model's, else 256x256)
 * @param colorMode grayscale, rgb or rgba (default: the model's channels, else rgb)
 * @param interpolation bilinear (default), nearest, area or bicubic
 * @param cropToAspectRatio centre-crop to the target's aspect ratio before resizing (default false)
 * @param skipBadImages leave undecodable pictures out, counted, instead of stopping (default false)
 */
public record DataConfig(String dataset, String name, List<String> classNames,
    String trainImages, String trainLabels, String testImages, String testLabels,
    String trainCsv, String testCsv, String dataDir,
    String trainDir, String validationDir, String testDir, List<Integer> imageSize, String colorMode,
    String interpolation, Boolean cropToAspectRatio, Boolean skipBadImages) {

  public static DataConfig builtin(String dataset) {
    return new DataConfig(dataset, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /** Image folders: the training folder and optional validation and test folders, other settings default. */
  public static DataConfig folders(String trainDir, String validationDir, String testDir) {
    return new DataConfig(null, null, null, null, null, null, null, null, null, null,
        trainDir, validationDir, testDir, null, null, null, null, null);
  }

  private boolean imageFolders() {
    return trainDir != null || validationDir != null || testDir != null;
  }

  private boolean idxFiles() {
    return trainImages != null || trainLabels != null || testImages != null || testLabels != null;
  }

  private boolean csvFiles() {
    return trainCsv != null || testCsv != null;
  }

  /** The data set's name as runs and reports show it. */
  public String displayName() {
    if (!idxFiles() && !csvFiles() && !imageFolders()) {
      return BuiltinDataset.fromId(dataset).id();
    }
    return name != null ? name : "custom";
  }

  /** The names of classes 0..9, known without reading the data (exports need them). */
  public List<String> resolvedClassNames() {
    if (imageFolders()) {
      try {
        return folderSource(null).classNames();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return idxFiles() || csvFiles() ? classNamesOrDigits() : BuiltinDataset.fromId(dataset).classNames();
  }

  /** The data, image folders at their default format (see {@link #load(Path, Input, ConfigProto, PrintStream)}). */
  public Dataset load(Path home) throws IOException {
    return load(home, null, ConfigProto.getDefaultInstance(), DecodeLog.SILENT);
  }

  /**
   * The data. Image folders are decoded to {@code modelImage}'s size and channels unless the
   * config says otherwise, resized in a session of {@code session}'s settings, with progress and
   * skipped files printed to {@code log}.
   *
   * @param modelImage [height, width, channels] the model takes, or null when unknown
   */
  public Dataset load(Path home, Input modelImage, ConfigProto session, DecodeLog log) throws IOException {
    if (imageFolders()) {
      requireOneSource();
      return folderSource(modelImage).load(displayName(), session, log);
    }
    return Dataset.load(displayName(), resolvedClassNames(), files(home));
  }

  /** The image folders in their resolved format; a format the model cannot take names the folder. */
  FolderSource folderSource(Input modelImage) throws InvalidDataException {
    if (trainDir == null) {
      throw new IllegalArgumentException("--validation-dir and --test-dir need --train-dir");
    }
    long[] model = modelImage == null ? null : modelImage.imageShape();
    int height;
    int width;
    if (imageSize != null) {
      if (imageSize.size() != 2 || imageSize.get(0) == null || imageSize.get(1) == null
          || imageSize.get(0) < 1 || imageSize.get(1) < 1) {
        throw new IllegalArgumentException("--image-size must be H,W with both at least 1, got " + imageSize);
      }
      height = imageSize.get(0);
      width = imageSize.get(1);
    } else {
      height = model != null ? (int) model[0] : FolderImageFormat.KERAS_DEFAULT_SIDE;
      width = model != null ? (int) model[1] : FolderImageFormat.KERAS_DEFAULT_SIDE;
    }
    ColorMode mode = colorMode != null ? ColorMode.fromId(colorMode)
        : model != null && (model[2] == 1 || model[2] == 3 || model[2] == 4) ? ColorMode.ofChannels(model[2]) : ColorMode.RGB;
    if (model != null && (model[0] != height || model[1] != width || model[2] != mode.channels())) {
      throw new InvalidDataException(Path.of(trainDir), "images of " + height + "x" + width + " " + mode.id() + " ("
          + mode.channels() + " channel" + (mode.channels() == 1 ? "" : "s") + ") do not fit the model, which takes "
          + model[0] + "x" + model[1] + "x" + model[2] + " (height x width x channels): change --image-size or --color-mode");
    }
    FolderImageFormat format = new FolderImageFormat(height, width, mode,
        interpolation != null ? Interpolation.fromId(interpolation) : Interpolation.BILINEAR,
        Boolean.TRUE.equals(cropToAspectRatio));
    return new FolderSource(Path.of(trainDir), validationDir == null ? null : Path.of(validationDir),
        testDir == null ? null : Path.of(testDir), format, Boolean.TRUE.equals(skipBadImages));
  }

  private void requireOneSource() {
    if ((imageFolders() ? 1 : 0) + (idxFiles() ? 1 : 0) + (csvFiles() ? 1 : 0) > 1) {
      throw new IllegalArgumentException("give one kind of data: image folders (--train-dir ...), IDX files"
          + " (--train-images ...) or CSV files (--train-csv ...)");
    }
  }

  /** The first {@code count} training images, without reading the rest of the data (previews). */
  public LabeledImages loadTrainFirst(Path home, int count) throws IOException {
    if (imageFolders()) {
      LabeledImages train = load(home).train();
      return train.first(count);
    }
    return files(home).readTrainFirst(count);
  }

  private DatasetFiles files(Path home) {
    requireOneSource();
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
