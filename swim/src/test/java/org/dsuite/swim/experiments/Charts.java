package org.dsuite.swim.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes the experiment charts (PNG, XChart) and their numbers (CSV) next to docs/swim.md. */
final class Charts {
  static final Path IMG = Path.of(System.getProperty("swim.docs", "../docs")).resolve("img");

  private Charts() {}

  static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    c.getStyler().setMarkerSize(7);
    return c;
  }

  static void series(XYChart c, String name, List<? extends Number> xs, List<? extends Number> ys) {
    c.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
  }

  static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, String name, String csv) {
    try {
      Files.createDirectories(IMG);
      BitmapEncoder.saveBitmap(c, IMG.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
      Files.writeString(IMG.resolve(name + ".csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Numbers without a chart. */
  static void saveCsv(String name, String csv) {
    try {
      Files.createDirectories(IMG);
      Files.writeString(IMG.resolve(name + ".csv"), csv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
