package org.dsuite.rainstorm.api.gen;

import java.io.IOException;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.dsuite.rainstorm.api.job.Dataset;

/**
 * Web access events, a shape unlike the traffic signs: 12 narrower columns, an ISO timestamp that
 * only grows, a skewed client population, hundreds of distinct paths (so a count by path has many
 * keys), status codes with a realistic mix, and user agents that need quoting (commas, and one with
 * doubled quotes).
 */
final class WebAccessGenerator implements RowGenerator {
  private static final Weighted COUNTRY =
      new Weighted(
          "US", 38, "DE", 8, "IN", 9, "BR", 6, "GB", 7, "FR", 5, "JP", 5, "CN", 6, "CA", 4, "NL", 3,
          "KR", 3, "AU", 3, "MX", 2, "ZA", 1);
  private static final Weighted METHOD =
      new Weighted("GET", 80, "POST", 14, "PUT", 3, "DELETE", 2, "HEAD", 1);
  private static final Weighted STATUS =
      new Weighted(
          "200", 78, "201", 2, "204", 1, "301", 2, "304", 5, "401", 2, "403", 1, "404", 6, "500",
          1.5, "503", 1.5);
  private static final String[] PATH_TEMPLATES = {
    "/products/", "/api/v1/orders/", "/api/v1/users/", "/category/", "/reviews/", "/blog/post-"
  };
  private static final String[] FIXED_PATHS = {
    "/",
    "/cart",
    "/checkout",
    "/checkout/confirm",
    "/checkout/payment",
    "/login",
    "/logout",
    "/search",
    "/static/js/app.js",
    "/static/css/site.css",
    "/favicon.ico",
    "/robots.txt",
    "/api/v1/health",
    "/account",
    "/help"
  };
  private static final Weighted QUERY =
      new Weighted(
          "",
          70,
          "q=shoes&page=2",
          5,
          "\"q=red,blue&sort=price\"",
          4,
          "ref=email",
          5,
          "page=1",
          8,
          "utm_source=news&utm_medium=cpc",
          5,
          "\"ids=1,2,3\"",
          3);
  private static final Weighted USER_AGENT =
      new Weighted(
          "\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/124.0 Safari/537.36\"",
          40,
          "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko)"
              + " Version/17.4 Safari/605.1.15\"",
          20,
          "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
          10,
          "\"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
              + " like Gecko) Mobile/15E148\"",
          15,
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          8,
          "curl/8.5.0",
          4,
          "\"Custom-Agent \"\"beta\"\", v2\"",
          2,
          "",
          1);
  private static final Weighted REFERRER =
      new Weighted(
          "",
          45,
          "-",
          10,
          "https://www.google.com/",
          20,
          "https://shop.example.com/cart",
          10,
          "https://shop.example.com/checkout",
          5,
          "https://news.example.org/article?id=42",
          10);
  private static final int CLIENTS = 50_000;
  private static final long DAY_MS = 86_400_000L;

  private final SplittableRandom rnd;
  private final LocalDate startDay = LocalDate.of(2024, 3, 1);
  private long nowMs = 0; // since startDay 00:00 UTC
  private long cachedDay = -1;
  private String cachedDate = "";

  WebAccessGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  @Override
  public Dataset dataset() {
    return Dataset.WEB_ACCESS;
  }

  @Override
  public void appendRow(long row, AsciiBuffer out) throws IOException {
    nowMs += rnd.nextInt(20);
    appendTimestamp(out);
    out.append(',');
    out.appendHex(rnd.nextLong(), 16).append(',');
    appendClient(out);
    out.append(',').append(COUNTRY.pick(rnd)).append(',');
    out.append(METHOD.pick(rnd)).append(',');
    appendPath(out);
    out.append(',').append(QUERY.pick(rnd)).append(',');
    String status = STATUS.pick(rnd);
    out.append(status).append(',');
    out.append(status.charAt(0) == '3' ? 0 : 200 + rnd.nextInt(60_000)).append(',');
    int latencyTenths = 5 + rnd.nextInt(rnd.nextInt(10) == 0 ? 20_000 : 1_500);
    out.append(latencyTenths / 10).append('.').append(latencyTenths % 10).append(',');
    out.append(USER_AGENT.pick(rnd)).append(',');
    out.append(REFERRER.pick(rnd));
  }

  private void appendTimestamp(AsciiBuffer out) throws IOException {
    long day = nowMs / DAY_MS;
    if (day != cachedDay) {
      cachedDay = day;
      cachedDate = startDay.plusDays(day).toString();
    }
    long ms = nowMs % DAY_MS;
    out.append(cachedDate)
        .append('T')
        .appendPadded(ms / 3_600_000, 2)
        .append(':')
        .appendPadded(ms / 60_000 % 60, 2)
        .append(':')
        .appendPadded(ms / 1000 % 60, 2)
        .append('.')
        .appendPadded(ms % 1000, 3)
        .append('Z');
  }

  /** A skewed client population: a few busy clients, a long tail. */
  private void appendClient(AsciiBuffer out) throws IOException {
    int r = rnd.nextInt(CLIENTS);
    int client = rnd.nextInt(4) == 0 ? r % 100 : r; // a quarter of requests from 100 clients
    out.append("10.")
        .append(client >> 16 & 0xFF)
        .append('.')
        .append(client >> 8 & 0xFF)
        .append('.')
        .append(client & 0xFF);
  }

  private void appendPath(AsciiBuffer out) throws IOException {
    if (rnd.nextInt(3) == 0) {
      out.append(FIXED_PATHS[rnd.nextInt(FIXED_PATHS.length)]);
    } else {
      out.append(PATH_TEMPLATES[rnd.nextInt(PATH_TEMPLATES.length)]).append(1 + rnd.nextInt(100));
    }
  }
}
