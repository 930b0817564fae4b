package dev.tfjrunner.serving;

import dev.tfjrunner.data.LabeledImages;
import dev.tfjrunner.export.EnsembleExporter;
import dev.tfjrunner.export.InferenceGraph;
import dev.tfjrunner.model.InputRange;
import dev.tfjrunner.export.ServingExporter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Classifies images with an exported SavedModel (tag {@code serve}, signature
 * {@code serving_default}: {@code image} float32 [-1, h, w, c] in [0, 1] -> {@code probabilities}
 * float32 [-1, classes]), the image shape read from the signature (pixels given in [0, 1] are
 * multiplied by 255 for a model whose model.json says it takes 0-255, see {@link InputRange}): pixel arrays as they are, or
 * pictures of any size and colour (MNIST's recipe, {@link MnistFormat#convert}, for 28x28x1 models;
 * a plain resize, {@link PictureFormat}, for others). Safe to use from many threads at once: it
 * holds no mutable state, and a TF session runs concurrent {@code run} calls in parallel.
 */
public final class Classifier implements AutoCloseable {

  // The contract ServingExporter writes.
  private static final String TAG = ServingExporter.TAG;
  private static final String SIGNATURE = InferenceGraph.SIGNATURE_KEY;
  private static final String INPUT = InferenceGraph.INPUT;
  private static final String OUTPUT = InferenceGraph.PROBABILITIES;
  /**
   * Large inputs are run in chunks of this many images: it bounds native memory (each conv layer's
   * activations are ~10 MB at 100 images, 100 MB at 1000) and keeps them in cache. As fast as
   * chunks of 1000 on an idle CPU, 1.3-2x faster when other processes share the CPU and its cache.
   */
  private static final int CHUNK = 100;

  private final SavedModelBundle bundle;
  private final int[] imageShape;
  private final String inputTensor;
  private final String outputTensor;
  private final int numClasses;
  private final List<String> classNames;
  private final FolderPictures folderPictures; // null unless the model trained on image folders
  private final float inputScale; // pictures are held in [0, 1]; a Keras model may take 0-255

  private Classifier(SavedModelBundle bundle, int[] imageShape, String inputTensor, String outputTensor, int numClasses,
      List<String> classNames, FolderPictures folderPictures, float inputScale) {
    this.inputScale = inputScale;
    this.folderPictures = folderPictures;
    this.bundle = bundle;
    this.imageShape = imageShape;
    this.inputTensor = inputTensor;
    this.outputTensor = outputTensor;
    this.numClasses = numClasses;
    this.classNames = classNames;
  }

  /** Loads and checks a SavedModel directory; every problem is reported with the directory's name. */
  public static Classifier load(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IOException(directory + (Files.exists(directory) ? ": not a directory" : ": no such directory"));
    }
    if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
      throw new IOException(directory + ": not a SavedModel (no saved_model.pb)");
    }
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(directory.toString(), TAG);
    } catch (TensorFlowException e) {
      throw new IOException(directory + ": cannot load the SavedModel with tag '" + TAG + "' ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    }
    try {
      SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get(SIGNATURE);
      if (signature == null) {
        throw new IOException(directory + ": no '" + SIGNATURE + "' signature (has "
            + bundle.metaGraphDef().getSignatureDefMap().keySet() + ")");
      }
      TensorInfo input = signature.getInputsMap().get(INPUT);
      TensorInfo output = signature.getOutputsMap().get(OUTPUT);
      if (input == null || output == null) {
        throw new IOException(directory + ": signature '" + SIGNATURE + "' must map input '" + INPUT
            + "' to output '" + OUTPUT + "' (has inputs " + signature.getInputsMap().keySet()
            + ", outputs " + signature.getOutputsMap().keySet() + ")");
      }
      List<Long> inputDims = dims(input.getTensorShape());
      if (input.getDtype() != DataType.DT_FLOAT || inputDims.size() != 4
          || inputDims.subList(1, 4).stream().anyMatch(d -> d < 1)) {
        throw new IOException(directory + ": input '" + INPUT + "' is " + input.getDtype() + " " + inputDims
            + ", expected DT_FLOAT [-1, height, width, channels]");
      }
      int[] imageShape = inputDims.subList(1, 4).stream().mapToInt(Long::intValue).toArray();
      List<Long> outputDims = dims(output.getTensorShape());
      if (outputDims.size() != 2 || outputDims.get(1) < 1) {
        throw new IOException(directory + ": output '" + OUTPUT + "' has shape " + outputDims + ", expected [-1, classes]");
      }
      int numClasses = outputDims.get(1).intValue();
      return new Classifier(bundle, imageShape, input.getName(), output.getName(), numClasses,
          readClassNames(directory, numClasses), FolderPictures.of(directory, imageShape),
          ServingExporter.inputRange(directory).scale());
    } catch (IOException | RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  private static List<Long> dims(TensorShapeProto shape) {
    return shape.getDimList().stream().map(TensorShapeProto.Dim::getSize).toList();
  }

  /** {@code assets.extra/labels.txt} when present (one name per line), else the class ids. */
  private static List<String> readClassNames(Path directory, int numClasses) throws IOException {
    Path labels = directory.resolve(ServingExporter.ASSETS_EXTRA).resolve(ServingExporter.LABELS_FILE);
    if (Files.isRegularFile(labels)) {
      List<String> names = Files.readAllLines(labels, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
      if (names.size() != numClasses) {
        throw new IOException(labels + ": " + names.size() + " class names for " + numClasses + " classes");
      }
      return names;
    }
    return IntStream.range(0, numClasses).mapToObj(Integer::toString).toList();
  }

  public List<String> classNames() {
    return classNames;
  }

  public int numClasses() {
    return numClasses;
  }

  /** The images the model takes: [height, width, channels]. */
  public int[] imageShape() {
    return imageShape.clone();
  }

  private int valuesPerImage() {
    return imageShape[0] * imageShape[1] * imageShape[2];
  }

  private String shapeText() {
    return imageShape[0] + "x" + imageShape[1] + "x" + imageShape[2];
  }

  /** Probabilities of each class for each image (h*w*c values in [0, 1], row-major [h, w, c]). */
  public float[][] predict(float[][] images) {
    int perImage = valuesPerImage();
    float[] pixels = new float[images.length * perImage];
    for (int i = 0; i < images.length; i++) {
      if (images[i].length != perImage) {
        throw new IllegalArgumentException("image " + i + " has " + images[i].length + " values, expected " + perImage
            + " (" + shapeText() + ")");
      }
      System.arraycopy(images[i], 0, pixels, i * perImage, perImage);
    }
    return predict(pixels);
  }

  /**
   * As {@link #predict(float[])} for a labelled set, scaled to floats a chunk at a time (the set may
   * be memory-mapped and larger than the heap).
   */
  public float[][] predict(LabeledImages images) {
    return predict(images, List.of(outputTensor)).get(0);
  }

  /**
   * For an ensemble SavedModel ({@code tfj ensemble}), how many members' probabilities it averages
   * (its graph's {@code member_<i>/probabilities}); 0 for a single model.
   */
  public int members() {
    int n = 0;
    while (bundle.graph().operation(EnsembleExporter.memberProbabilities(n + 1)) != null) {
      n++;
    }
    return n;
  }

  /** The served probabilities and each ensemble member's, as the graph computes them before averaging. */
  public record MemberPredictions(float[][] probabilities, List<float[][]> members) {}

  /** As {@link #predict(LabeledImages)}, also fetching every member's probabilities (none for a single model). */
  public MemberPredictions predictWithMembers(LabeledImages images) {
    List<String> fetches = new ArrayList<>(List.of(outputTensor));
    for (int m = 1, members = members(); m <= members; m++) {
      fetches.add(EnsembleExporter.memberProbabilities(m) + ":0");
    }
    List<float[][]> outputs = predict(images, fetches);
    return new MemberPredictions(outputs.get(0), List.copyOf(outputs.subList(1, outputs.size())));
  }

  /** Each of {@code fetches} ([n, classes] tensors) for every image of {@code images}. */
  private List<float[][]> predict(LabeledImages images, List<String> fetches) {
    if (images.height() != imageShape[0] || images.width() != imageShape[1] || images.channels() != imageShape[2]) {
      throw new IllegalArgumentException("images are " + images.height() + "x" + images.width() + "x"
          + images.channels() + ", the model takes " + shapeText());
    }
    int perImage = valuesPerImage();
    return predict(images.count(), (from, n) -> {
      float[] pixels = new float[n * perImage];
      for (int i = 0; i < n; i++) {
        images.copyImage(from + i, pixels, i * perImage);
      }
      return DataBuffers.of(pixels, true, false);
    }, fetches);
  }

  /** As {@link #predict(float[][])} for images stored back to back in one array. */
  public float[][] predict(float[] pixels) {
    int perImage = valuesPerImage();
    if (pixels.length % perImage != 0) {
      throw new IllegalArgumentException(pixels.length + " values are not a whole number of " + shapeText() + " images");
    }
    FloatDataBuffer all = DataBuffers.of(pixels, true, false);
    return predict(pixels.length / perImage, (from, n) -> all.slice((long) from * perImage, (long) n * perImage),
        List.of(outputTensor)).get(0);
  }

  /** Images {@code from .. from+n-1} as the model's input values, back to back (a slice where they already are). */
  private interface PixelSource {
    FloatDataBuffer chunk(int from, int n);
  }

  /** Each of {@code fetches} for {@code count} images, run {@link #CHUNK} at a time (the source may exceed the heap). */
  private List<float[][]> predict(int count, PixelSource source, List<String> fetches) {
    List<float[][]> out = new ArrayList<>();
    fetches.forEach(f -> out.add(new float[count][]));
    for (int from = 0; from < count; from += CHUNK) {
      int n = Math.min(CHUNK, count - from);
      List<float[][]> chunk = run(source.chunk(from, n), n, fetches);
      for (int f = 0; f < fetches.size(); f++) {
        System.arraycopy(chunk.get(f), 0, out.get(f), from, n);
      }
    }
    return out;
  }

  /** {@code pixels} (in [0, 1]) in the range the model's input takes (model.json's input_range). */
  private FloatDataBuffer scaled(FloatDataBuffer pixels) {
    if (inputScale == 1f) {
      return pixels;
    }
    float[] values = new float[Math.toIntExact(pixels.size())];
    pixels.read(values);
    for (int i = 0; i < values.length; i++) {
      values[i] *= inputScale;
    }
    return DataBuffers.of(values, true, false);
  }

  /** Runs {@code n} images through the graph: one [n][classes] array per fetch. */
  private List<float[][]> run(FloatDataBuffer pixels, int n, List<String> fetches) {
    try (TFloat32 input = TFloat32.tensorOf(Shape.of(n, imageShape[0], imageShape[1], imageShape[2]), scaled(pixels))) {
      Session.Runner runner = bundle.session().runner().feed(inputTensor, input);
      fetches.forEach(runner::fetch);
      try (Result result = runner.run()) {
        List<float[][]> out = new ArrayList<>();
        for (int f = 0; f < fetches.size(); f++) {
          TFloat32 probabilities = (TFloat32) result.get(f);
          float[][] rows = new float[n][numClasses];
          for (int i = 0; i < n; i++) {
            probabilities.get(i).copyTo(DataBuffers.of(rows[i], false, false));
          }
          out.add(rows);
        }
        return out;
      }
    }
  }

  /**
   * Classifies a picture of any size and colour; returns every class, most probable first. For
   * 28x28x1 models (MNIST-style) it is inverted when its border is light (see {@link MnistFormat}).
   */
  public Prediction classify(BufferedImage image) {
    return classify(image, Inversion.AUTO, numClasses);
  }

  /** The {@code k} most probable classes of a picture of any size and colour. */
  public Prediction classify(BufferedImage image, Inversion inversion, int k) {
    return topK(predict(pixels(image, inversion))[0], k);
  }

  /**
   * The model's input for a picture of any size and colour, as {@link #classify} converts it: for
   * batch scoring, which converts many pictures and then predicts them together.
   */
  public float[] pixels(BufferedImage image, Inversion inversion) {
    boolean mnistStyle = imageShape[0] == MnistFormat.SIDE && imageShape[1] == MnistFormat.SIDE && imageShape[2] == 1;
    return mnistStyle ? MnistFormat.convert(image, inversion)
        : PictureFormat.convert(image, imageShape[0], imageShape[1], imageShape[2]);
  }

  /** As {@link #classify(BufferedImage)} for an image file (PNG, JPEG, GIF or BMP). */
  public Prediction classify(Path imageFile) throws IOException {
    return classify(imageFile, Inversion.AUTO, numClasses);
  }

  /**
   * As {@link #classify(BufferedImage, Inversion, int)} for an image file; a model trained on image
   * folders gets the file prepared as its training pictures were (decoded in its colour mode,
   * resized with the run's interpolation), without MNIST's recipe or inversion.
   */
  public Prediction classify(Path imageFile, Inversion inversion, int k) throws IOException {
    if (folderPictures != null) {
      return topK(predict(folderPictures.read(imageFile))[0], k);
    }
    return classify(MnistFormat.read(imageFile), inversion, k);
  }

  /** Whether pictures are prepared as a folder-trained model's training pictures were. */
  public boolean preparesLikeImageFolders() {
    return folderPictures != null;
  }

  /**
   * The {@code k} most probable classes (all of them when k exceeds the class count) of one row of
   * {@link #predict} output, named from the model's labels; ties keep the lower id first.
   */
  public Prediction topK(float[] probabilities, int k) {
    if (probabilities.length != numClasses) {
      throw new IllegalArgumentException(probabilities.length + " probabilities for " + numClasses + " classes");
    }
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    List<Prediction.ClassProbability> all = new ArrayList<>(numClasses);
    for (int c = 0; c < numClasses; c++) {
      all.add(new Prediction.ClassProbability(c, classNames.get(c), probabilities[c]));
    }
    // List.sort is stable: equal probabilities stay in id order.
    all.sort(Comparator.comparingDouble(Prediction.ClassProbability::probability).reversed());
    return new Prediction(all.subList(0, Math.min(k, numClasses)));
  }

  @Override
  public void close() {
    if (folderPictures != null) {
      folderPictures.close();
    }
    bundle.close();
  }
}
