package dev.tfjrunner.model.keras.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.model.Model;
import dev.tfjrunner.model.keras.KerasModelWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a Sequential model and its weights as a Keras 3 {@code .keras} archive, laid out as
 * Keras's own {@code model.save}: {@code metadata.json}, {@code config.json} (Keras 3's
 * {@code model.to_json()}) and {@code model.weights.h5} with each layer's variables at
 * {@code layers/<class>[_n]/vars/<i>}, all entries stored, not deflated. Unlike Keras, no empty
 * {@code vars} groups are written for layers without variables (see {@link #writeWeights}); Keras
 * loads such a layer from a missing group all the same. No optimizer state is written: Keras loads
 * the model uncompiled.
 */
public final class KerasArchiveWriter {

  /** The Keras release whose loader this layout was checked against (scripts/keras-fixtures/check_archive.py). */
  static final String KERAS_VERSION = "3.15.1";

  private KerasArchiveWriter() {}

  /**
   * Writes {@code target} (through a temporary file: nothing half-written) from {@code weights},
   * row-major in {@code Network.weights()} order, each checked against the shape its layer declares.
   */
  public static void write(Path target, Model model, float[][] weights) throws IOException {
    List<WeightMapping.Placed> layers = WeightMapping.place(LayerNode.of(model));
    Map<String, List<float[]>> byPath = assign(layers, weights);
    String metadata = new ObjectMapper().createObjectNode().put("keras_version", KERAS_VERSION)
        .put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")))
        .toString();
    AtomicOutput.writeFile(target, temporary -> {
      Path h5 = Files.createTempFile(temporary.getParent(), "model.weights", ".h5");
      try {
        writeWeights(h5, layers, byPath);
        try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
          stored(zip, "metadata.json", metadata.getBytes(StandardCharsets.UTF_8));
          stored(zip, "config.json", KerasModelWriter.toJson(model).getBytes(StandardCharsets.UTF_8));
          stored(zip, "model.weights.h5", Files.readAllBytes(h5));
        }
      } finally {
        Files.deleteIfExists(h5);
      }
    });
  }

  /** Object path -> the layer's arrays, {@code weights} split by the counts the layers declare. */
  private static Map<String, List<float[]>> assign(List<WeightMapping.Placed> layers, float[][] weights) {
    Map<String, List<float[]>> out = new LinkedHashMap<>();
    int next = 0;
    for (WeightMapping.Placed p : layers) {
      List<LayerNode.Variable> declared = p.layer().variables();
      if (next + declared.size() > weights.length) {
        throw new IllegalArgumentException("got " + weights.length + " weight arrays; layer '" + p.name()
            + "' needs more");
      }
      for (int i = 0; i < declared.size(); i++) {
        long size = Arrays.stream(declared.get(i).shape()).reduce(1, (a, b) -> a * b);
        if (weights[next + i].length != size) {
          throw new IllegalArgumentException("layer '" + p.name() + "' weight '" + declared.get(i).name() + "' "
              + Arrays.toString(declared.get(i).shape()) + " takes " + size + " values, got "
              + weights[next + i].length);
        }
      }
      out.put(p.objectPath(), List.of(Arrays.copyOfRange(weights, next, next + declared.size())));
      next += declared.size();
    }
    if (next != weights.length) {
      throw new IllegalArgumentException("got " + weights.length + " weight arrays for " + next + " variables");
    }
    return out;
  }

  private static void writeWeights(Path file, List<WeightMapping.Placed> layers, Map<String, List<float[]>> byPath) {
    try (WritableHdfFile hdf = HdfFile.write(file)) {
      WritableGroup root = hdf.putGroup("layers");
      for (WeightMapping.Placed p : layers) {
        List<float[]> arrays = byPath.get(p.objectPath());
        if (arrays.isEmpty()) {
          // jhdf 0.13.0 writes files that neither it nor h5py can read back ("Object header v2
          // signature not matched") when some groups are empty and others hold datasets; Keras
          // reads a missing group as a layer without variables.
          continue;
        }
        WritableGroup group = root;
        for (String segment : p.objectPath().substring("layers/".length()).split("/")) {
          group = group.getChild(segment) instanceof WritableGroup existing ? existing : group.putGroup(segment);
        }
        WritableGroup vars = group.putGroup("vars");
        for (int i = 0; i < arrays.size(); i++) {
          vars.putDataset(Integer.toString(i), nested(arrays.get(i), p.layer().variables().get(i).shape()));
        }
      }
    }
  }

  /** A row-major array as the nested Java array jhdf writes with that shape. */
  private static Object nested(float[] values, long[] shape) {
    if (shape.length <= 1) {
      return values;
    }
    int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    Object out = Array.newInstance(float.class, dims);
    int rowLength = dims[dims.length - 1];
    int rows = values.length / rowLength;
    for (int r = 0; r < rows; r++) {
      Object row = out;
      int rest = r;
      int[] index = new int[dims.length - 1];
      for (int d = dims.length - 2; d >= 0; d--) {
        index[d] = rest % dims[d];
        rest /= dims[d];
      }
      for (int d = 0; d < dims.length - 1; d++) {
        row = Array.get(row, index[d]);
      }
      System.arraycopy(values, r * rowLength, row, 0, rowLength);
    }
    return out;
  }

  /** A stored (uncompressed) entry, as Keras writes them. */
  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
