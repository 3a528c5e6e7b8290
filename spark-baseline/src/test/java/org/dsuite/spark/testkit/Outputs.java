package org.dsuite.spark.testkit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.dsuite.spark.io.CommittedRows;
import org.dsuite.spark.io.CurrentCounts;

/** Reads a job's output the way a user would. */
public final class Outputs {
  private Outputs() {}

  /** The committed rows of a stateless app's output, read without Spark. */
  public static List<String> rows(SparkSession spark, String dest) throws IOException {
    return CommittedRows.read(dest, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * The rows of a stateless app's output through Spark's reader: for the file sink that reads the
   * {@code _spark_metadata} log (only committed files), for batch directories every committed
   * {@code batch=<id>} (names starting with {@code _} are skipped).
   */
  public static List<String> rowsThroughSpark(SparkSession spark, String dest) {
    return spark.read().text(dest).select("value").as(Encoders.STRING()).collectAsList();
  }

  /** The current count per key of a counting app's output. */
  public static Map<String, Long> counts(SparkSession spark, String dest) throws IOException {
    return CurrentCounts.read(dest, spark.sparkContext().hadoopConfiguration());
  }
}
