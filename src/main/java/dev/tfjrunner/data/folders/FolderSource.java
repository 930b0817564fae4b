package dev.tfjrunner.data.folders;

import dev.tfjrunner.data.Dataset;
import dev.tfjrunner.data.InvalidDataException;
import dev.tfjrunner.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;

/**
 * A data set of image folders ({@link ClassFolders}): a training folder and optional validation
 * and test folders, whose class folders must be the training folder's.
 *
 * @param validation null: carve the validation set out of the training folder
 * @param test null: no test set, so no test evaluation
 * @param cacheDir where decoded folders are cached ({@link FolderCache}); null: no cache
 */
public record FolderSource(Path train, Path validation, Path test, FolderImageFormat format, boolean skipBadImages,
    Path cacheDir) {

  /** The training folder's class names, from its subfolders alone (nothing is decoded). */
  public java.util.List<String> classNames() throws IOException {
    return ClassFolders.scan(train).classNames();
  }

  /**
   * Lists every folder first (so a layout problem is reported before any decoding), then decodes
   * them, printing progress and skipped files to {@code log}.
   */
  public Dataset load(String name, ConfigProto session, DecodeLog log) throws IOException {
    ClassFolders trainFolders = ClassFolders.scan(train);
    ClassFolders validationFolders = validation == null ? null : requireSameClasses(trainFolders, ClassFolders.scan(validation));
    ClassFolders testFolders = test == null ? null : requireSameClasses(trainFolders, ClassFolders.scan(test));
    return new Dataset(name, trainFolders.classNames(), decode(trainFolders, session, log),
        testFolders == null ? null : decode(testFolders, session, log),
        validationFolders == null ? null : decode(validationFolders, session, log));
  }

  private LabeledImages decode(ClassFolders folders, ConfigProto session, DecodeLog log) throws IOException {
    long start = System.nanoTime();
    FolderCache cache = cacheDir == null ? null : FolderCache.of(cacheDir, folders, format, skipBadImages);
    java.util.Optional<FolderReader.Decoded> cached = cache == null ? java.util.Optional.empty() : cache.read(folders);
    FolderReader.Decoded decoded;
    if (cached.isPresent()) {
      decoded = cached.get();
      log.println(String.format(java.util.Locale.ROOT, "Read %s: %d images from the cache %s (%.1f s, nothing decoded)",
          folders.dir(), decoded.images().count(), cache.file(), (System.nanoTime() - start) / 1e9));
    } else if (cache != null) {
      decoded = cache.decode(folders, format, skipBadImages, session, log);
    } else {
      decoded = FolderReader.read(folders, format, skipBadImages, session, log);
    }
    if (!decoded.skipped().isEmpty()) {
      log.println(folders.dir() + ": " + decoded.skippedSummary());
    }
    return decoded.images();
  }

  private static ClassFolders requireSameClasses(ClassFolders train, ClassFolders other) throws InvalidDataException {
    if (!other.classNames().equals(train.classNames())) {
      java.util.List<String> missing = train.classNames().stream().filter(c -> !other.classNames().contains(c)).toList();
      java.util.List<String> extra = other.classNames().stream().filter(c -> !train.classNames().contains(c)).toList();
      throw new InvalidDataException(other.dir(), "its class folders differ from the training folder " + train.dir() + "'s"
          + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")")
          + (extra.isEmpty() ? "" : " (not in training: " + String.join(", ", extra) + ")"));
    }
    return other;
  }
}
