package dev.tfjrunner.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tfjrunner.data.folders.ColorMode;
import dev.tfjrunner.data.folders.FolderImageFormat;
import dev.tfjrunner.data.folders.FolderReader;
import dev.tfjrunner.data.folders.Interpolation;
import dev.tfjrunner.data.folders.Resizer;
import dev.tfjrunner.export.ServingExporter;
import dev.tfjrunner.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.proto.ConfigProto;

/**
 * Pictures for a model trained on image folders, prepared exactly as training prepared them:
 * decoded in the model's colour mode, cropped when training cropped, resized with the training
 * run's TF kernel ({@link FolderReader#decode}). The format comes from the SavedModel's
 * {@code model.json} (the run's data configuration) and its input shape. Close it.
 */
final class FolderPictures implements AutoCloseable {

  private final FolderImageFormat format;
  private final Resizer resizer;

  private FolderPictures(FolderImageFormat format) {
    this.format = format;
    this.resizer = new Resizer(format.interpolation(), format.height(), format.width(), ConfigProto.getDefaultInstance());
  }

  /** For a SavedModel whose model.json says it trained on an image folder; null otherwise. */
  static FolderPictures of(Path savedModel, int[] imageShape) throws IOException {
    Path metadata = savedModel.resolve(ServingExporter.ASSETS_EXTRA).resolve(ServingExporter.METADATA_FILE);
    if (!Files.isRegularFile(metadata) || imageShape[2] == 2 || imageShape[2] > 4) {
      return null;
    }
    JsonNode data = Json.MAPPER.readTree(metadata.toFile()).path("training").path("data");
    if (!data.hasNonNull("train_dir")) {
      return null;
    }
    Interpolation interpolation = data.hasNonNull("interpolation")
        ? Interpolation.fromId(data.get("interpolation").asText()) : Interpolation.BILINEAR;
    return new FolderPictures(new FolderImageFormat(imageShape[0], imageShape[1], ColorMode.ofChannels(imageShape[2]),
        interpolation, data.path("crop_to_aspect_ratio").asBoolean(false)));
  }

  /** The picture as the model's input, values in [0, 1] (v / 255f, as training scales). */
  float[] read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = FolderReader.decode(file, format, resizer);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    float[] pixels = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      pixels[i] = (bytes[i] & 0xff) / 255f;
    }
    return pixels;
  }

  @Override
  public void close() {
    resizer.close();
  }
}
