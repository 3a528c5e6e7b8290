package org.dsuite.rainstorm.api.job;

import java.util.List;
import org.dsuite.rainstorm.api.csv.CsvSchema;

/** The two benchmark datasets; {@code bin/rainstorm-gen NAME} generates them. */
public enum Dataset {
  /** City of Champaign Traffic Signs: wide rows, quoted sizes, low-cardinality categories. */
  TRAFFIC_SIGNS(
      "traffic-signs",
      List.of(
          "X",
          "Y",
          "OBJECTID",
          "Sign_Type",
          "Size_",
          "Supplement",
          "Sign_Post",
          "Year_Insta",
          "Category",
          "Notes",
          "MUTCD",
          "Ownership",
          "FACILITYID",
          "Schools",
          "Location_Adjusted",
          "Replacement_Zone",
          "Sign_Text",
          "Set_ID",
          "FieldVerifiedDate",
          "GlobalID")),
  /** Web access events: narrower rows, quoted user agents, high-cardinality paths. */
  WEB_ACCESS(
      "web-access",
      List.of(
          "timestamp",
          "request_id",
          "client_ip",
          "country",
          "method",
          "path",
          "query",
          "status",
          "bytes",
          "latency_ms",
          "user_agent",
          "referrer"));

  private final String id;
  private final CsvSchema schema;

  Dataset(String id, List<String> columns) {
    this.id = id;
    this.schema = CsvSchema.of(columns);
  }

  /** The name used on the command line ({@code traffic-signs}, {@code web-access}). */
  public String id() {
    return id;
  }

  /** The schema; {@code schema().headerLine()} is the first line of a generated file. */
  public CsvSchema schema() {
    return schema;
  }

  public static Dataset byId(String id) {
    for (Dataset d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    throw new JobSpecException("unknown dataset '" + id + "'; known: traffic-signs, web-access");
  }
}
