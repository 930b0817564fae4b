package dev.tfjrunner.report;

import java.awt.image.BufferedImage;

/** The pictures of an {@link EvaluationReport}, e.g. for {@link ReportWriter} or an image log. */
public record RenderedReport(BufferedImage confusionMatrix, BufferedImage loss, BufferedImage accuracy,
    BufferedImage lr, BufferedImage predictions, BufferedImage mostConfidentErrors) {

  /** @param best the epoch the curves mark as best, or null */
  public static RenderedReport of(EvaluationReport report, BestEpoch best) {
    EvaluationResults results = report.results();
    return new RenderedReport(
        ReportImages.confusionMatrixHeatmap(results.metrics().confusionMatrix(), results.classNames()),
        TrainingCurves.image(TrainingCurves.lossChart(report.history(), best)),
        TrainingCurves.image(TrainingCurves.accuracyChart(report.history(), best)),
        TrainingCurves.image(TrainingCurves.lrChart(report.history(), best)),
        ReportImages.predictionGrid(report.test(), results.sampledPredictions(), results.classNames()),
        ReportImages.errorGrid(report.test(), results.mostConfidentErrors(), results.classNames()));
  }
}
