package org.dsuite.cluster.bench.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * report.json: the report's raw runs plus, for a reader's convenience, the derived cells and
 * targets. Reading ignores the derived parts and unknown fields, so an older or newer report still
 * reads (for {@code bench compare}).
 */
public final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ReportJson() {}

  public static String toJson(Report r) throws IOException {
    ObjectNode root = JSON.valueToTree(r);
    var cells = Cell.of(r.runs());
    root.set("cells", JSON.valueToTree(cells));
    root.set("targets", JSON.valueToTree(Target.check(cells)));
    return JSON.writeValueAsString(root) + System.lineSeparator();
  }

  public static Report read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), Report.class);
    } catch (IOException e) {
      throw new IOException(file + " is not a bench report.json: " + e.getMessage(), e);
    }
  }
}
