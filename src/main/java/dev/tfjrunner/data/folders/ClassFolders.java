package dev.tfjrunner.data.folders;

import dev.tfjrunner.data.InvalidDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The pictures of a folder laid out as Keras's {@code image_dataset_from_directory} expects: one
 * subfolder per class, class names sorted by code point (Python's {@code sorted}), label = index;
 * image files ({@code .bmp .gif .jpeg .jpg .png}, any case) anywhere inside a class folder, in
 * sorted path order; other files are ignored.
 *
 * @param dir the folder
 * @param classNames the subfolders' names, sorted
 * @param files every image file
 * @param labels the class id of each file
 */
public record ClassFolders(Path dir, List<String> classNames, List<Path> files, int[] labels) {

  /** The extensions Keras reads (ALLOWLIST_FORMATS). */
  public static final Set<String> EXTENSIONS = Set.of("bmp", "gif", "jpeg", "jpg", "png");

  public ClassFolders {
    classNames = List.copyOf(classNames);
    files = List.copyOf(files);
  }

  /** Lists {@code dir}; an unusable layout is an error naming the folder. */
  public static ClassFolders scan(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidDataException(dir, "no such folder");
    }
    List<String> classNames;
    try (Stream<Path> children = Files.list(dir)) {
      classNames = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .sorted(ClassFolders::byCodePoint).toList();
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int label = 0; label < classNames.size(); label++) {
      List<Path> images = imagesIn(dir.resolve(classNames.get(label)));
      if (images.isEmpty() && classNames.size() >= 2) {
        throw new InvalidDataException(dir.resolve(classNames.get(label)),
            "class folder holds no images (.bmp .gif .jpeg .jpg .png)");
      }
      for (Path image : images) {
        files.add(image);
        labels.add(label);
      }
    }
    if (files.isEmpty()) {
      throw new InvalidDataException(dir, "no images (.bmp .gif .jpeg .jpg .png) in class subfolders"
          + (classNames.isEmpty() ? " (the folder has no subfolders: put each class's images in a subfolder named after it)" : ""));
    }
    if (classNames.size() < 2) {
      throw new InvalidDataException(dir, "only one class folder (" + classNames.get(0) + "): a classifier needs at least two");
    }
    return new ClassFolders(dir, classNames, files, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  public int count() {
    return files.size();
  }

  /** Keras's {@code sorted()}: by code point, not by UTF-16 unit or locale. */
  static int byCodePoint(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  private static List<Path> imagesIn(Path classDir) throws IOException {
    try (Stream<Path> walk = Files.walk(classDir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(Files::isRegularFile).filter(ClassFolders::isImage)
          .sorted((a, b) -> byCodePoint(a.toString(), b.toString())).toList();
    }
  }

  /** Whether {@code file} has one of Keras's image extensions (any case). */
  public static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
