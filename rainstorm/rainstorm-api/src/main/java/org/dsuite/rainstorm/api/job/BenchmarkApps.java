package org.dsuite.rainstorm.api.job;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.Params;

/**
 * The catalog of the four benchmark applications, two per dataset (MP4 compared two datasets):
 *
 * <ul>
 *   <li>{@code traffic-app1}: lines containing "Parking" → {@code OBJECTID,Sign_Type}
 *   <li>{@code traffic-app2}: {@code Sign_Post} = "Punched Telespar" → running count per {@code
 *       Category}
 *   <li>{@code web-app1}: lines containing "/checkout" → {@code client_ip,path}
 *   <li>{@code web-app2}: {@code status} = "404" → running count per {@code path}
 * </ul>
 */
public final class BenchmarkApps {
  public static final BenchmarkApp TRAFFIC_APP1 =
      new BenchmarkApp(
          "traffic-app1",
          "Traffic Signs App1: filter-contains Parking -> select OBJECTID,Sign_Type",
          Dataset.TRAFFIC_SIGNS,
          List.of("filter-contains", "select"),
          Params.of("op1.pattern", "Parking", "op2.columns", "OBJECTID,Sign_Type"),
          false);

  public static final BenchmarkApp TRAFFIC_APP2 =
      new BenchmarkApp(
          "traffic-app2",
          "Traffic Signs App2: filter-equals Sign_Post=Punched Telespar -> count-by Category",
          Dataset.TRAFFIC_SIGNS,
          List.of("filter-equals", "count-by"),
          Params.of(
              "op1.column", "Sign_Post",
              "op1.value", "Punched Telespar",
              "op2.column", "Category"),
          true);

  public static final BenchmarkApp WEB_APP1 =
      new BenchmarkApp(
          "web-app1",
          "Web access App1: filter-contains /checkout -> select client_ip,path",
          Dataset.WEB_ACCESS,
          List.of("filter-contains", "select"),
          Params.of("op1.pattern", "/checkout", "op2.columns", "client_ip,path"),
          false);

  public static final BenchmarkApp WEB_APP2 =
      new BenchmarkApp(
          "web-app2",
          "Web access App2: filter-equals status=404 -> count-by path",
          Dataset.WEB_ACCESS,
          List.of("filter-equals", "count-by"),
          Params.of("op1.column", "status", "op1.value", "404", "op2.column", "path"),
          true);

  private static final List<BenchmarkApp> ALL =
      List.of(TRAFFIC_APP1, TRAFFIC_APP2, WEB_APP1, WEB_APP2);

  private BenchmarkApps() {}

  public static List<BenchmarkApp> all() {
    return ALL;
  }

  /** The app named {@code id}; a clear error listing the known ids otherwise. */
  public static BenchmarkApp byId(String id) {
    List<String> ids = new ArrayList<>();
    for (BenchmarkApp a : ALL) {
      if (a.id().equals(id)) {
        return a;
      }
      ids.add(a.id());
    }
    throw new JobSpecException("unknown app '" + id + "'; known: " + String.join(", ", ids));
  }
}
