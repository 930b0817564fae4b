package dev.tfjrunner.run;

import dev.tfjrunner.data.BuiltinDataset;
import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.DatasetFiles;
import dev.tfjrunner.data.IdxReader;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.data.folders.ClassFolders;
import dev.tfjrunner.data.folders.ColorMode;
import dev.tfjrunner.data.folders.FolderImageFormat;
import dev.tfjrunner.data.folders.FolderSource;
import dev.tfjrunner.data.folders.Interpolation;
import dev.tfjrunner.data.folders.PictureSurvey;
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
 * @param classNames names of the classes of user IDX / CSV data (default "0", "1", ...)
 * @param dataDir where scripts/fetch-data.sh put the built-in data sets (default {@code <home>/data})
 * @param trainDir image folder to train on (its subfolders are the classes)
 * @param validationDir image folder to validate on (default: a split of {@code trainDir})
 * @param testDir image folder to test on (default: none, no test evaluation)
 * @param imageSize [height, width] the pictures are resized to (default: for a built-in network, the size
 *     {@link PictureFormatChoice} picks from the pictures; else the model's, else 256x256)
 * @param colorMode grayscale, rgb or rgba (default: for a built-in network, rgb when a picture has colour and
 *     grayscale when none has; else the model's channels, else rgb)
 * @param interpolation bilinear (default), nearest, area or bicubic
 * @param cropToAspectRatio centre-crop to the target's aspect ratio before resizing (default false)
 * @param skipBadImages leave undecodable pictures out, counted, instead of stopping (default false)
 * @param numClasses classes of user IDX / CSV data (default: as many as class names are given,
 *     else the largest label + 1)
 * @param imageShape [height, width] or [height, width, channels] of CSV images (default 28x28x1)
 */
public record DataConfig(String dataset, String name, List<String> classNames,
    String trainImages, String trainLabels, String testImages, String testLabels,
    String trainCsv, String testCsv, String dataDir,
    String trainDir, String validationDir, String testDir, List<Integer> imageSize, String colorMode,
    String interpolation, Boolean cropToAspectRatio, Boolean skipBadImages, Integer numClasses, List<Integer> imageShape) {

  public static DataConfig builtin(String dataset) {
    return new DataConfig(dataset, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null);
  }

  /** Image folders: the training folder and optional validation and test folders, other settings default. */
  public static DataConfig folders(String trainDir, String validationDir, String testDir) {
    return new DataConfig(null, null, null, null, null, null, null, null, null, null,
        trainDir, validationDir, testDir, null, null, null, null, null, null, null);
  }

  /** Whether the data is image folders (one subfolder per class). */
  public boolean imageFolders() {
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
        return ClassFolders.scan(trainFolder()).classNames();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!idxFiles() && !csvFiles()) {
      return BuiltinDataset.fromId(dataset).classNames();
    }
    Integer known = knownClassCount();
    if (known != null) {
      return userClassNames(known);
    }
    try {
      DatasetFiles files = files(null);
      return userClassNames(classCount(files.readTrain(), files.readTest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data, image folders at their default format (see {@link #load(Path, Input, ConfigProto, DecodeLog)}). */
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
      return folderSource(modelImage, cacheDir(home)).load(displayName(), session, log);
    }
    if (!idxFiles() && !csvFiles()) {
      return Dataset.load(BuiltinDataset.fromId(dataset), dataDir != null ? Path.of(dataDir) : home.resolve("data"));
    }
    DatasetFiles files = files(home);
    LabeledImages train = files.readTrain();
    LabeledImages test = files.readTest();
    return new Dataset(displayName(), userClassNames(classCount(train, test)), train, test);
  }

  /**
   * The data for built-in network {@code model}, which takes the data's image shape and class count: image folders
   * are decoded to the size and colour mode {@link PictureFormatChoice} picks from the training pictures and the
   * network's own input {@code design} ([height, width, channels]), said in one line to {@code log}; other data is
   * read as it is.
   */
  public Dataset loadForBuiltin(Path home, String model, Input design, ConfigProto session, DecodeLog log)
      throws IOException {
    if (!imageFolders()) {
      return load(home, null, session, log);
    }
    requireOneSource();
    PictureFormatChoice choice = PictureFormatChoice.of(PictureSurvey.of(ClassFolders.scan(trainFolder())), targetSize(),
        colorMode == null ? null : ColorMode.fromId(colorMode), model, design.imageShape());
    log.println(choice.line());
    return folderSource(choice.height(), choice.width(), choice.colorMode(), cacheDir(home))
        .load(displayName(), session, log);
  }

  private Path cacheDir(Path home) {
    return (dataDir != null ? Path.of(dataDir) : home.resolve("data")).resolve("cache");
  }

  /** The class count the config gives ({@code num_classes} or the class names), or null. */
  private Integer knownClassCount() {
    if (numClasses != null && classNames != null && numClasses != classNames.size()) {
      throw new IllegalArgumentException("--num-classes " + numClasses + " but " + classNames.size() + " class names");
    }
    if (numClasses != null && (numClasses < 2 || numClasses > IdxReader.ANY_CLASSES)) {
      throw new IllegalArgumentException("--num-classes must be 2.." + IdxReader.ANY_CLASSES + " (got " + numClasses + ")");
    }
    return numClasses != null ? numClasses : classNames != null ? classNames.size() : null;
  }

  /** The configured count, else the largest label + 1 (the readers checked labels against the known count). */
  private int classCount(LabeledImages train, LabeledImages test) {
    Integer known = knownClassCount();
    if (known != null) {
      return known;
    }
    int max = 0;
    for (int label : train.labels()) {
      max = Math.max(max, label);
    }
    for (int label : test.labels()) {
      max = Math.max(max, label);
    }
    return Math.max(2, max + 1);
  }

  /** The given class names, else "0".."count-1" (the digits for 10 classes). */
  private List<String> userClassNames(int count) {
    if (classNames != null) {
      return classNames;
    }
    return java.util.stream.IntStream.range(0, count).mapToObj(String::valueOf).toList();
  }

  /**
   * The image folders decoded to the format of a model of fixed shape: {@code modelImage}'s size and channels unless
   * the config says otherwise (then it must still fit), Keras's 256x256 rgb when the model takes no image shape.
   */
  FolderSource folderSource(Input modelImage, Path cacheDir) throws InvalidDataException {
    long[] model = modelImage == null ? null : modelImage.imageShape();
    int[] size = targetSize();
    int height = size != null ? size[0] : model != null ? (int) model[0] : FolderImageFormat.KERAS_DEFAULT_SIDE;
    int width = size != null ? size[1] : model != null ? (int) model[1] : FolderImageFormat.KERAS_DEFAULT_SIDE;
    ColorMode mode = colorMode != null ? ColorMode.fromId(colorMode)
        : model != null && (model[2] == 1 || model[2] == 3 || model[2] == 4) ? ColorMode.ofChannels(model[2]) : ColorMode.RGB;
    if (model != null && (model[0] != height || model[1] != width || model[2] != mode.channels())) {
      throw new InvalidDataException(trainFolder(), "images of " + height + "x" + width + " " + mode.id() + " ("
          + mode.channels() + " channel" + (mode.channels() == 1 ? "" : "s") + ") do not fit the model, which takes "
          + model[0] + "x" + model[1] + "x" + model[2] + " (height x width x channels): change --image-size or --color-mode");
    }
    return folderSource(height, width, mode, cacheDir);
  }

  private FolderSource folderSource(int height, int width, ColorMode mode, Path cacheDir) {
    FolderImageFormat format = new FolderImageFormat(height, width, mode,
        interpolation != null ? Interpolation.fromId(interpolation) : Interpolation.BILINEAR,
        Boolean.TRUE.equals(cropToAspectRatio));
    return new FolderSource(trainFolder(), validationDir == null ? null : Path.of(validationDir),
        testDir == null ? null : Path.of(testDir), format, Boolean.TRUE.equals(skipBadImages), cacheDir);
  }

  private Path trainFolder() {
    if (trainDir == null) {
      throw new IllegalArgumentException("--validation-dir and --test-dir need --train-dir");
    }
    return Path.of(trainDir);
  }

  /** [height, width] from {@code image_size}, or null. */
  private int[] targetSize() {
    if (imageSize == null) {
      return null;
    }
    if (imageSize.size() != 2 || imageSize.get(0) == null || imageSize.get(1) == null
        || imageSize.get(0) < 1 || imageSize.get(1) < 1) {
      throw new IllegalArgumentException("--image-size must be H,W with both at least 1, got " + imageSize);
    }
    return new int[] {imageSize.get(0), imageSize.get(1)};
  }

  private void requireOneSource() {
    if ((imageFolders() ? 1 : 0) + (idxFiles() ? 1 : 0) + (csvFiles() ? 1 : 0) > 1) {
      throw new IllegalArgumentException("give one kind of data: image folders (--train-dir ...), IDX files"
          + " (--train-images ...) or CSV files (--train-csv ...)");
    }
  }

  /**
   * The first {@code count} training images, without reading the rest of the data (previews); image folders are
   * decoded as for built-in network {@code model} of input {@code design} (see {@link #loadForBuiltin}).
   */
  public LabeledImages loadTrainFirst(Path home, int count, String model, Input design) throws IOException {
    if (imageFolders()) {
      return loadForBuiltin(home, model, design, ConfigProto.getDefaultInstance(), DecodeLog.SILENT).train().first(count);
    }
    return files(home).readTrainFirst(count);
  }

  private DatasetFiles files(Path home) {
    requireOneSource();
    Integer known = idxFiles() || csvFiles() ? knownClassCount() : null;
    int classes = known != null ? known : IdxReader.ANY_CLASSES;
    if (idxFiles()) {
      requireAll("--train-images, --train-labels, --test-images and --test-labels", trainImages, trainLabels, testImages, testLabels);
      return new DatasetFiles.Idx(Path.of(trainImages), Path.of(trainLabels), Path.of(testImages), Path.of(testLabels), classes);
    }
    if (csvFiles()) {
      requireAll("--train-csv and --test-csv", trainCsv, testCsv);
      return new DatasetFiles.Csv(Path.of(trainCsv), Path.of(testCsv), csvShape(), classes);
    }
    return BuiltinDataset.fromId(dataset).files(dataDir != null ? Path.of(dataDir) : home.resolve("data"));
  }

  /** [h, w, c] of CSV images: {@code image_shape} with one channel if it has two sizes, else 28x28x1. */
  private int[] csvShape() {
    if (imageShape == null) {
      return new int[] {DatasetFiles.IMAGE_SIDE, DatasetFiles.IMAGE_SIDE, 1};
    }
    if ((imageShape.size() != 2 && imageShape.size() != 3) || imageShape.stream().anyMatch(d -> d == null || d < 1)) {
      throw new IllegalArgumentException("--image-shape must be H,W or H,W,C with sizes at least 1, got " + imageShape);
    }
    return new int[] {imageShape.get(0), imageShape.get(1), imageShape.size() == 3 ? imageShape.get(2) : 1};
  }

  private static void requireAll(String what, String... paths) {
    for (String p : paths) {
      if (p == null) {
        throw new IllegalArgumentException(what + " must be given together");
      }
    }
  }
}
