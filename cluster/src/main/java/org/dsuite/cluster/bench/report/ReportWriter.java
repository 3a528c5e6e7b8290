package org.dsuite.cluster.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a {@link Report} into a directory: report.json (raw runs), report.md, report.html
 * (self-contained, charts inlined) and the charts as PNG files (bench-*.png) for docs. Each file is
 * written to a temporary name and moved into place, so a reader (or a crash of the bench between
 * runs) never sees half a report.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes every file and returns the path of report.html. */
  public static Path write(Report report, Path outDir) throws IOException {
    Files.createDirectories(outDir);
    Map<String, byte[]> charts = Charts.render(report);
    for (Map.Entry<String, byte[]> c : charts.entrySet()) {
      put(outDir.resolve(c.getKey()), c.getValue());
    }
    put(outDir.resolve("report.json"), bytes(ReportJson.toJson(report)));
    put(outDir.resolve("report.md"), bytes(MarkdownReport.render(report)));
    Path html = outDir.resolve("report.html");
    put(html, bytes(HtmlReport.render(report, charts)));
    return html;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void put(Path target, byte[] data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, data);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
