package dev.tfjrunner.model.keras.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tfjrunner.model.ModelConfigException;
import io.jhdf.HdfFile;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the variables of any file Keras writes, told apart by content, not by name: a {@code .keras}
 * archive (a zip of config.json, metadata.json and model.weights.h5, the weights read from memory),
 * a legacy HDF5 model ({@code model.save("m.h5")}), or a weights-only HDF5 file
 * ({@code model.save_weights(...)}, Keras 3's object-path layout or Keras 2's by-layer one). What is
 * not a Keras file (a TensorFlow.js model, a truncated archive, another HDF5 file) fails with one
 * line naming the file and the problem.
 */
public final class KerasWeightsReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

  private KerasWeightsReader() {}

  public static KerasWeightFile read(Path file) throws IOException {
    String source = file.getFileName().toString();
    byte[] bytes = Files.readAllBytes(file);
    if (startsWith(bytes, ZIP_SIGNATURE)) {
      return readArchive(file, source);
    }
    if (startsWith(bytes, HDF5_SIGNATURE)) {
      return readHdf5(bytes, source, "");
    }
    throw new ModelConfigException(source + ": " + notKeras(bytes, source));
  }

  /** Why a file that is neither a zip nor HDF5 is not read, as precisely as its first bytes tell. */
  private static String notKeras(byte[] bytes, String source) {
    if (source.matches("group\\d+-shard\\d+of\\d+(\\.bin)?")) {
      return "this is a TensorFlow.js weights shard, not a Keras file (load the model.json in TensorFlow.js and save it"
          + " with Keras, or convert it with tensorflowjs_converter --output_format keras)";
    }
    if (bytes.length > 0 && bytes[0] == '{') {
      JsonNode json;
      try {
        json = JSON.readTree(bytes);
      } catch (IOException e) {
        json = null;
      }
      if (json != null && (json.has("weightsManifest") || json.has("modelTopology"))) {
        return "this is a TensorFlow.js model.json, not a Keras weights file (convert it with tensorflowjs_converter"
            + " --output_format keras)";
      }
      return "a JSON file holds no weights; give the weights as a .keras, .h5 or .weights.h5 file";
    }
    return "not a Keras weights file (neither a .keras zip archive nor HDF5)";
  }

  /** A .keras archive: config.json, metadata.json, and model.weights.h5 (or .npz) read from memory. */
  private static KerasWeightFile readArchive(Path file, String source) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String config = text(zip, "config.json");
      String metadata = text(zip, "metadata.json");
      String version = metadata == null ? "" : JSON.readTree(metadata).path("keras_version").asText("");
      if (zip.getEntry("model.weights.npz") != null) {
        throw new ModelConfigException(source + ": model.weights.npz (weights_format=\"npz\") holds each layer's"
            + " variables as a pickled Python dict, which Keras " + (version.isEmpty() ? "" : version + " ")
            + "itself refuses to load; save the model with the default weights_format \"h5\"");
      }
      ZipEntry weights = zip.getEntry("model.weights.h5");
      if (weights == null) {
        throw new ModelConfigException(source + ": the .keras archive holds no model.weights.h5");
      }
      KerasWeightFile read = readHdf5(bytes(zip, weights), source, " (model.weights.h5)");
      return new KerasWeightFile(source, read.layout(), read.groups(), config, version);
    } catch (ZipException | java.io.EOFException e) {
      throw new ModelConfigException(source + ": a truncated or corrupt .keras archive (" + e.getMessage() + ")", e);
    }
  }

  private static String text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    return entry == null ? null : new String(bytes(zip, entry), StandardCharsets.UTF_8);
  }

  /**
   * An entry's bytes, checked against its CRC-32: ZipFile checks none for stored entries (Keras
   * stores, not deflates), so a flipped byte would otherwise become a wrong weight.
   */
  private static byte[] bytes(ZipFile zip, ZipEntry entry) throws IOException {
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = in.readAllBytes();
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
      throw new ZipException("invalid entry CRC in " + entry.getName());
    }
    return bytes;
  }

  /** {@code where} says which part of the file the HDF5 is (an archive's model.weights.h5), for messages. */
  private static KerasWeightFile readHdf5(byte[] bytes, String source, String where) {
    try (HdfFile hdf = HdfFile.fromBytes(bytes)) {
      return Hdf5Layouts.read(hdf, source + where, source);
    } catch (HdfException e) {
      throw new ModelConfigException(source + where + ": a truncated or corrupt HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
