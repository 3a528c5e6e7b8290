package org.dsuite.rainstorm.api.gen;

import java.io.IOException;
import java.util.SplittableRandom;
import org.dsuite.rainstorm.api.job.Dataset;

/**
 * Rows shaped like the City of Champaign Traffic Signs export: the real 20 columns, skewed value
 * distributions (most posts are Punched Telespar, most signs street names or regulatory), sizes
 * written as quoted inch measures with doubled quotes ({@code "30"" X 30"""}), many empty and
 * single-space fields, GUIDs in braces, and Notes that sometimes need quoting (commas, quotes).
 */
final class TrafficSignsGenerator implements RowGenerator {
  private static final Weighted SIGN_POST =
      new Weighted(
          "Punched Telespar",
          58,
          "Unpunched Telespar",
          16,
          "Streetlight",
          8,
          "Old Metal Post",
          6,
          "Wood Post",
          3,
          "Traffic Signal",
          3,
          "Square Tube",
          2,
          "Round Pole",
          1.5,
          "U-Channel",
          1.5,
          "",
          1);
  private static final Weighted CATEGORY =
      new Weighted(
          "Streetname",
          30,
          "Regulatory",
          27,
          "Parking",
          15,
          "Warning",
          12,
          "School",
          4,
          "Guide",
          3,
          "Construction",
          2,
          "Bike",
          2,
          "Information",
          2,
          "Pedestrian",
          2,
          "Other",
          1);
  private static final String[][] TYPES = {
    {"Street Name"},
    {
      "R1-1 Stop",
      "R1-2 Yield",
      "R2-1 Speed Limit 25",
      "R2-1 Speed Limit 30",
      "R3-1 No Right Turn",
      "R5-1 Do Not Enter",
      "R6-1 One Way",
      "R1-3 All Way"
    },
    {
      "R7-1 No Parking Any Time",
      "R7-8 Reserved Parking",
      "R8-3 No Parking",
      "R7-108 Tow Away Zone",
      "P-2HR Two Hour Parking",
      "R7-201 Parking Pay Station"
    },
    {
      "W1-1 Turn",
      "W3-1 Stop Ahead",
      "W11-2 Pedestrian Crossing",
      "W14-1 Dead End",
      "W1-6 Large Arrow",
      "W8-1 Bump"
    },
    {"S1-1 School", "S4-3 School Speed Limit", "S3-1 School Bus Stop Ahead"},
    {"D3-1 Street Name Guide", "M1-4 Route Marker", "D11-1 Bike Route"},
    {"W20-1 Road Work Ahead", "R11-2 Road Closed"},
    {"R9-7 Bike Lane", "D11-1 Bike Route", "W11-1 Bicycle Crossing"},
    {"I-5 Hospital", "D9-7 Bus Stop", "Information"},
    {"R10-4 Push Button", "W11-2 Pedestrian Crossing", "R1-6 State Law Yield To Pedestrians"},
    {"Other", "Unknown"}
  };
  private static final String[] CATEGORIES = {
    "Streetname",
    "Regulatory",
    "Parking",
    "Warning",
    "School",
    "Guide",
    "Construction",
    "Bike",
    "Information",
    "Pedestrian",
    "Other"
  };
  private static final Weighted SIZE =
      new Weighted(
          "\"30\"\" X 30\"\"\"",
          20,
          "\"24\"\" X 30\"\"\"",
          14,
          "\"12\"\" X 18\"\"\"",
          18,
          "\"36\"\" X 36\"\"\"",
          8,
          "\"18\"\" X 24\"\"\"",
          10,
          "\"9\"\" X 30\"\"\"",
          12,
          "\"9\"\" X 36\"\"\"",
          8,
          "\"48\"\" X 48\"\"\"",
          2,
          "",
          6,
          " ",
          2);
  private static final Weighted SUPPLEMENT =
      new Weighted("", 70, " ", 12, "Arrow", 8, "Time Plate", 5, "Tow Away", 3, "Ahead", 2);
  private static final Weighted NOTES =
      new Weighted(
          "",
          80,
          " ",
          6,
          "\"Faded, replace\"",
          4,
          "\"Bent post, needs repair\"",
          3,
          "Missing reported by resident",
          2,
          "\"Reads \"\"NO PARKING\"\", faded\"",
          2,
          "\"Graffiti, cleaned 2021\"",
          1.5,
          "Obstructed by tree",
          1.5);
  private static final Weighted OWNERSHIP =
      new Weighted("City", 88, "State", 5, "University", 4, "Private", 2, "", 1);
  private static final Weighted SCHOOLS = new Weighted(" ", 84, "Y", 10, "N", 3, "", 3);
  private static final Weighted YES_NO = new Weighted("Y", 30, "N", 55, "", 10, " ", 5);
  private static final String[] STREETS = {
    "W SPRINGFIELD AVE",
    "N NEIL ST",
    "S MATTIS AVE",
    "W UNIVERSITY AVE",
    "N PROSPECT AVE",
    "E GREEN ST",
    "S FIRST ST",
    "W KIRBY AVE",
    "N MATTIS AVE",
    "E WHITE ST",
    "W JOHN ST",
    "S STATE ST",
    "W WINDSOR RD",
    "N MARKET ST",
    "W BRADLEY AVE",
    "S DUNCAN RD"
  };
  private static final String[] SIGN_TEXT_OTHER = {
    "STOP",
    "YIELD",
    "NO PARKING ANY TIME",
    "ONE WAY",
    "DO NOT ENTER",
    "SPEED LIMIT 30",
    "2 HOUR PARKING 8AM-5PM",
    "SCHOOL",
    "ROAD WORK AHEAD",
    ""
  };

  private final SplittableRandom rnd;

  TrafficSignsGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  @Override
  public Dataset dataset() {
    return Dataset.TRAFFIC_SIGNS;
  }

  @Override
  public void appendRow(long row, AsciiBuffer out) throws IOException {
    // X, Y: around Champaign, IL (lon -88.33..-88.21, lat 40.06..40.16), 8 decimals.
    out.append("-88.").appendPadded(21_000_000 + rnd.nextInt(12_000_000), 8).append(',');
    out.append("40.").appendPadded(6_000_000 + rnd.nextInt(10_000_000), 8).append(',');
    out.append(row + 1).append(',');
    String category = CATEGORY.pick(rnd);
    int c = categoryIndex(category);
    String[] types = TYPES[c];
    String type = types[rnd.nextInt(types.length)];
    out.append(type).append(',');
    out.append(SIZE.pick(rnd)).append(',');
    out.append(SUPPLEMENT.pick(rnd)).append(',');
    out.append(SIGN_POST.pick(rnd)).append(',');
    int year = rnd.nextInt(100);
    if (year < 5) {
      out.append(',');
    } else {
      out.append(1990 + rnd.nextInt(34)).append(',');
    }
    out.append(category).append(',');
    out.append(NOTES.pick(rnd)).append(',');
    int space = type.indexOf(' ');
    out.append(
            space > 0 && type.charAt(1) != ' ' && Character.isDigit(type.charAt(1))
                ? type.substring(0, space)
                : "")
        .append(',');
    out.append(OWNERSHIP.pick(rnd)).append(',');
    out.append("TS").appendPadded(row + 1, 6).append(',');
    out.append(SCHOOLS.pick(rnd)).append(',');
    out.append(YES_NO.pick(rnd)).append(',');
    out.append(rnd.nextInt(10) == 0 ? "" : Integer.toString(1 + rnd.nextInt(12))).append(',');
    out.append(
            c == 0
                ? STREETS[rnd.nextInt(STREETS.length)]
                : SIGN_TEXT_OTHER[rnd.nextInt(SIGN_TEXT_OTHER.length)])
        .append(',');
    if (rnd.nextInt(4) == 0) {
      out.append(',');
    } else {
      out.append(10_000 + rnd.nextInt(90_000)).append(',');
    }
    appendDate(out);
    out.append(',');
    appendGuid(out);
  }

  private static int categoryIndex(String category) {
    for (int i = 0; i < CATEGORIES.length; i++) {
      if (CATEGORIES[i] == category) { // the same interned constants
        return i;
      }
    }
    throw new IllegalStateException(category);
  }

  private void appendDate(AsciiBuffer out) throws IOException {
    if (rnd.nextInt(5) == 0) {
      return; // never verified
    }
    out.append(2015 + rnd.nextInt(9))
        .append('/')
        .appendPadded(1 + rnd.nextInt(12), 2)
        .append('/')
        .appendPadded(1 + rnd.nextInt(28), 2)
        .append(" 00:00:00+00");
  }

  private void appendGuid(AsciiBuffer out) throws IOException {
    long hi = rnd.nextLong();
    long lo = rnd.nextLong();
    out.append('{')
        .appendHex(hi >>> 32, 8)
        .append('-')
        .appendHex(hi >>> 16, 4)
        .append('-')
        .appendHex(hi, 4)
        .append('-')
        .appendHex(lo >>> 48, 4)
        .append('-')
        .appendHex(lo, 12)
        .append('}');
  }
}
