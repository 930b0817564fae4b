package dev.tfjrunner.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tfjrunner.callbacks.History;
import dev.tfjrunner.callbacks.Monitor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingCurvesTest {

  @BeforeAll
  static void headless() {
    Fixtures.useHeadlessAwt();
  }

  @Test
  void lrReductionsAreTheEpochsWhoseRateIsBelowThePreviousOne() {
    History.Record history = Fixtures.history(0, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4, 1e-5);

    // Epochs are 1-based: the 3rd and 6th epochs were the first at the lower rates.
    assertEquals(List.of(new LrReduction(3, 1e-3, 1e-4), new LrReduction(6, 1e-4, 1e-5)),
        TrainingCurves.lrReductions(history));
  }

  @Test
  void lrReductionsOfAResumedRunUseTheRecordedEpochNumbers() {
    History.Record resumed = Fixtures.history(10, 1e-3, 5e-4);

    assertEquals(List.of(new LrReduction(12, 1e-3, 5e-4)), TrainingCurves.lrReductions(resumed));
  }

  @Test
  void epochsWithoutAnLrLogAreSkipped() {
    History.Record history = new History.Record(List.of(
        new History.Epoch(0, 1, Map.of("loss", 1.0, "lr", 1e-3)),
        new History.Epoch(1, 1, Map.of("loss", 0.9)),
        new History.Epoch(2, 1, Map.of("loss", 0.8, "lr", 1e-4))), "completed all epochs");

    assertEquals(List.of(), TrainingCurves.lrReductions(history));
  }

  @Test
  void chartsMarkEachReductionBetweenTheTwoEpochs() {
    History.Record history = Fixtures.history(0, 1e-3, 1e-3, 1e-4, 1e-4, 1e-5);

    for (XYChart chart : List.of(TrainingCurves.lossChart(history, null), TrainingCurves.accuracyChart(history, null))) {
      Map<String, XYSeries> series = chart.getSeriesMap();
      assertEquals(List.of(TrainingCurves.TRAIN_SERIES, TrainingCurves.VALIDATION_SERIES,
          TrainingCurves.LR_REDUCED_SERIES), List.copyOf(series.keySet()));
      assertArrayEquals(new double[] {1, 2, 3, 4, 5}, series.get(TrainingCurves.TRAIN_SERIES).getXData());
      // One vertical line per reduction (bottom, top, NaN break), between epochs 2|3 and 4|5.
      XYSeries marker = series.get(TrainingCurves.LR_REDUCED_SERIES);
      assertArrayEquals(new double[] {2.5, 2.5, 2.5, 4.5, 4.5, 4.5}, marker.getXData());
      assertTrue(Double.isNaN(marker.getYData()[2]));
      assertTrue(marker.getYData()[1] > marker.getYData()[0]);
    }
    // The line spans the plotted values: loss goes from 1.1 - 0.7/5 (validation, epoch 1) down to 0.2.
    double[] lossMarker = TrainingCurves.lossChart(history, null).getSeriesMap().get(TrainingCurves.LR_REDUCED_SERIES).getYData();
    assertEquals(0.2, lossMarker[0], 1e-9);
    assertEquals(0.96, lossMarker[1], 1e-9);
  }

  @Test
  void chartsWithoutReductionHaveNoMarkerSeries() {
    XYChart chart = TrainingCurves.lossChart(Fixtures.history(0, 1e-3, 1e-3, 1e-3), null);

    assertFalse(chart.getSeriesMap().containsKey(TrainingCurves.LR_REDUCED_SERIES));
  }

  @Test
  void chartRendersAtTheChartSize() {
    BufferedImage image = TrainingCurves.image(TrainingCurves.accuracyChart(Fixtures.history(0, 1e-3, 1e-4), null));

    assertEquals(TrainingCurves.WIDTH, image.getWidth());
    assertEquals(TrainingCurves.HEIGHT, image.getHeight());
  }

  @Test
  void bestEpochOfTheMonitorIsMarkedOnEveryChart() {
    History.Record history = Fixtures.history(0, 1e-3, 1e-3, 1e-4, 1e-4, 1e-5);
    // val_loss falls every epoch of the fixture, so a min monitor picks the last one.
    BestEpoch best = BestEpoch.of(history, Monitor.of("val_loss", Monitor.Mode.AUTO, 0)).orElseThrow();
    assertEquals(5, best.epoch());
    assertEquals(history.epochs().get(4).logs().get("val_loss"), best.value());

    for (XYChart chart : List.of(TrainingCurves.lossChart(history, best), TrainingCurves.accuracyChart(history, best),
        TrainingCurves.lrChart(history, best))) {
      XYSeries line = chart.getSeriesMap().get(TrainingCurves.BEST_SERIES_PREFIX + " 5 (val_loss)");
      assertArrayEquals(new double[] {5, 5, 5}, line.getXData(), chart.getTitle());
    }
  }

  @Test
  void lrChartPlotsTheLoggedRateOnALogScale() {
    History.Record history = Fixtures.history(3, 1e-3, 1e-4);
    XYChart chart = TrainingCurves.lrChart(history, null);

    assertArrayEquals(new double[] {4, 5}, chart.getSeriesMap().get("lr").getXData());
    assertArrayEquals(new double[] {1e-3, 1e-4}, chart.getSeriesMap().get("lr").getYData());
    assertTrue(chart.getStyler().isYAxisLogarithmic());
    assertArrayEquals(new double[] {4.5, 4.5, 4.5}, chart.getSeriesMap().get(TrainingCurves.LR_REDUCED_SERIES).getXData());
    assertEquals(TrainingCurves.WIDTH, TrainingCurves.image(TrainingCurves.lrChart(Fixtures.history(0, 1e-3, 1e-3), null))
        .getWidth());
  }
}
