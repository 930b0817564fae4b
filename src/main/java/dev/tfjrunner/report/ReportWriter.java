package dev.tfjrunner.report;

import dev.tfjrunner.io.AtomicOutput;
import dev.tfjrunner.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Saves an evaluation report into a folder, each file replaced atomically. */
public final class ReportWriter {

  public static final String CONFUSION_MATRIX_PNG = "confusion_matrix.png";
  public static final String LOSS_PNG = "loss.png";
  public static final String ACCURACY_PNG = "accuracy.png";
  public static final String LR_PNG = "lr.png";
  public static final String PREDICTIONS_PNG = "predictions.png";
  public static final String MOST_CONFIDENT_ERRORS_PNG = "most_confident_errors.png";
  /** {@link EvaluationResults} as JSON. */
  public static final String REPORT_JSON = "report.json";
  /** {@link EvaluationResults#format()}. */
  public static final String REPORT_TXT = "report.txt";

  private ReportWriter() {}

  /**
   * Writes a report whose images are already rendered (the run also logs them to TensorBoard) into
   * {@code dir} (created if needed); returns the files.
   */
  public static List<Path> write(EvaluationReport report, RenderedReport images, Path dir) throws IOException {
    writePng(dir.resolve(CONFUSION_MATRIX_PNG), images.confusionMatrix());
    writePng(dir.resolve(LOSS_PNG), images.loss());
    writePng(dir.resolve(ACCURACY_PNG), images.accuracy());
    writePng(dir.resolve(LR_PNG), images.lr());
    writePng(dir.resolve(PREDICTIONS_PNG), images.predictions());
    writePng(dir.resolve(MOST_CONFIDENT_ERRORS_PNG), images.mostConfidentErrors());
    Json.write(dir.resolve(REPORT_JSON), report.results());
    String text = report.results().format();
    AtomicOutput.writeFile(dir.resolve(REPORT_TXT), file -> Files.writeString(file, text, StandardCharsets.UTF_8));
    return List.of(CONFUSION_MATRIX_PNG, LOSS_PNG, ACCURACY_PNG, LR_PNG, PREDICTIONS_PNG, MOST_CONFIDENT_ERRORS_PNG,
        REPORT_JSON, REPORT_TXT).stream().map(dir::resolve).toList();
  }

  private static void writePng(Path file, BufferedImage image) throws IOException {
    AtomicOutput.writeFile(file, temporary -> {
      if (!ImageIO.write(image, "png", temporary.toFile())) {
        throw new IOException("no PNG encoder for " + file);
      }
    });
  }
}
