package dev.tfjrunner.report;

import dev.tfjrunner.callbacks.History;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training and validation curves of a run, as XChart line charts over 1-based epochs, with
 * the learning-rate reductions and the best epoch (when known) marked by vertical lines.
 */
public final class TrainingCurves {

  public static final int WIDTH = 800;
  public static final int HEIGHT = 500;
  public static final String TRAIN_SERIES = "train";
  public static final String VALIDATION_SERIES = "validation";
  /** The series of vertical lines where the learning rate dropped. */
  public static final String LR_REDUCED_SERIES = "lr reduced";
  /** The series of the vertical line at the best epoch; its legend names the epoch and the monitor. */
  public static final String BEST_SERIES_PREFIX = "best epoch";

  private TrainingCurves() {}

  /**
   * Where the logged learning rate ({@code lr}, the rate an epoch trained with) is lower than the
   * epoch before's; epochs without an {@code lr} log are skipped.
   */
  public static List<LrReduction> lrReductions(History.Record history) {
    List<LrReduction> reductions = new ArrayList<>();
    List<History.Epoch> epochs = history.epochs();
    for (int i = 1; i < epochs.size(); i++) {
      Double previous = epochs.get(i - 1).logs().get("lr");
      Double current = epochs.get(i).logs().get("lr");
      if (previous != null && current != null && current < previous) {
        reductions.add(new LrReduction(epochs.get(i).epoch() + 1, previous, current));
      }
    }
    return List.copyOf(reductions);
  }

  /** @param best marked when not null */
  public static XYChart lossChart(History.Record history, BestEpoch best) {
    return chart(history, "loss", "Loss", best);
  }

  /** @param best marked when not null */
  public static XYChart accuracyChart(History.Record history, BestEpoch best) {
    return chart(history, "accuracy", "Accuracy", best);
  }

  /** The logged learning rate ({@code lr}) per epoch, on a log scale: each reduction is one step down. */
  public static XYChart lrChart(History.Record history, BestEpoch best) {
    XYChart chart = styled(new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title("Learning rate").xAxisTitle("Epoch").yAxisTitle("lr").build());
    chart.getStyler().setYAxisDecimalPattern("0.0E0");
    double[] lr = history.values("lr");
    chart.getStyler().setYAxisLogarithmic(lr.length > 0 && Arrays.stream(lr).allMatch(v -> v > 0));
    addCurve(chart, "lr", epochs(history), lr, new Color(44, 160, 44));
    markEpochs(chart, history, best, lr);
    return chart;
  }

  public static BufferedImage image(XYChart chart) {
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** {@code key} (train) and {@code val_key} (validation) over the epochs, with the lr reductions marked. */
  private static XYChart chart(History.Record history, String key, String title, BestEpoch best) {
    XYChart chart = styled(new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(title).xAxisTitle("Epoch").yAxisTitle(key).build());
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    double[] train = history.values(key);
    double[] validation = history.values("val_" + key);
    addCurve(chart, TRAIN_SERIES, epochs(history), train, new Color(31, 119, 180));
    addCurve(chart, VALIDATION_SERIES, epochs(history), validation, new Color(255, 127, 14));
    markEpochs(chart, history, best, train, validation);
    return chart;
  }

  private static XYChart styled(XYChart chart) {
    XYStyler styler = chart.getStyler();
    // Below the plot: inside it would cover the rising accuracy or the falling loss somewhere.
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setXAxisDecimalPattern("0");
    return chart;
  }

  /** Resumed runs start past epoch 0, so the x values come from the records, not their positions. */
  private static double[] epochs(History.Record history) {
    return history.epochs().stream().mapToDouble(e -> e.epoch() + 1).toArray();
  }

  /** The lr reductions (red dashes) and the best epoch (green dots), spanning the plotted values. */
  private static void markEpochs(XYChart chart, History.Record history, BestEpoch best, double[]... plotted) {
    double[] range = finiteRange(plotted);
    if (range == null) {
      return;
    }
    // Each reduction is drawn half an epoch before the first epoch at the lower rate: it happens between two epochs.
    double[] reductions = lrReductions(history).stream().mapToDouble(r -> r.epoch() - 0.5).toArray();
    if (reductions.length > 0) {
      addVerticalLines(chart, LR_REDUCED_SERIES, reductions, range, new Color(214, 39, 40), SeriesLines.DASH_DASH);
    }
    if (best != null) {
      addVerticalLines(chart, BEST_SERIES_PREFIX + " " + best.epoch() + " (" + best.monitor() + ")",
          new double[] {best.epoch()}, range, new Color(44, 160, 44), SeriesLines.DOT_DOT);
    }
  }

  private static void addCurve(XYChart chart, String name, double[] epochs, double[] values, Color color) {
    // XChart cannot scale an axis to a series with no finite value (e.g. a run without validation).
    if (Arrays.stream(values).anyMatch(Double::isFinite)) {
      XYSeries series = chart.addSeries(name, epochs, values);
      series.setLineColor(color);
      series.setMarkerColor(color);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
  }

  /** One series of vertical lines from range[0] to range[1] at each of {@code at}; NaN breaks the line between them. */
  private static void addVerticalLines(XYChart chart, String name, double[] at, double[] range, Color color,
      BasicStroke style) {
    double[] x = new double[at.length * 3];
    double[] y = new double[x.length];
    for (int i = 0; i < at.length; i++) {
      x[3 * i] = at[i];
      x[3 * i + 1] = at[i];
      x[3 * i + 2] = at[i];
      y[3 * i] = range[0];
      y[3 * i + 1] = range[1];
      y[3 * i + 2] = Double.NaN;
    }
    XYSeries lines = chart.addSeries(name, x, y);
    lines.setMarker(SeriesMarkers.NONE);
    lines.setLineStyle(style);
    lines.setLineColor(color);
  }

  /** {min, max} of the finite values, or null when there are none. */
  private static double[] finiteRange(double[]... series) {
    double[] finite = Arrays.stream(series).flatMapToDouble(Arrays::stream).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return null;
    }
    return new double[] {Arrays.stream(finite).min().getAsDouble(), Arrays.stream(finite).max().getAsDouble()};
  }
}
