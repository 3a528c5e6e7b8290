package org.dsuite.swim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeoutsTest {
  /** Values from memberlist's suspicion_test.go TestSuspicion_remainingSuspicionTime. */
  @ParameterizedTest
  @CsvSource({
    // n, k, elapsed, min, max, expected
    "0, 3, 0, 2000, 30000, 30000",
    "1, 3, 2000, 2000, 30000, 14000",
    "2, 3, 3000, 2000, 30000, 4810",
    "3, 3, 4000, 2000, 30000, -2000",
    "4, 3, 5000, 2000, 30000, -3000",
    "5, 3, 10000, 2000, 30000, -8000",
  })
  void suspicionTimeoutShrinksWithConfirmations(
      int n, int k, long elapsed, long min, long max, long expected) {
    assertThat(Timeouts.remainingSuspicionMs(n, k, elapsed, min, max)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0, 3, 0, 1000, 1000", "2, 0, 0, 1000, 5000"})
  void noExpectedConfirmationsMeansTheMinimum(int n, int k, long elapsed, long min, long max) {
    assertThat(Timeouts.remainingSuspicionMs(n, k, elapsed, min, max)).isEqualTo(min);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 2", "3, 2", "4, 3", "7, 3", "8, 4", "100, 7", "1000, 10"})
  void retransmitLimitIsLambdaTimesCeilLog2OfNPlusOne(int n, int logTerm) {
    assertThat(Timeouts.retransmitLimit(4, n)).isEqualTo(4 * logTerm);
    assertThat(logTerm).isEqualTo((int) Math.ceil(Math.log(n + 1) / Math.log(2)));
  }

  @ParameterizedTest
  @CsvSource({
    "2.0, 1, 500, 1000",
    "2.0, 10, 500, 1000",
    "2.0, 100, 500, 2000",
    "4, 1000, 1000, 12000"
  })
  void suspicionMinimumScalesWithLog10N(double mult, int n, long interval, long expected) {
    assertThat(Timeouts.suspicionMinMs(mult, n, interval)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "10000, 1, 500",
    "10000, 10, 3125",
    "10000, 32, 10000",
    "10000, 64, 20000",
    "10000, 1000, 312500"
  })
  void syncIntervalScalesWithN(long base, int n, long expected) {
    assertThat(Timeouts.syncIntervalMs(base, 500, n)).isEqualTo(expected);
  }

  /** The helper's nack must land before the requester's period ends (timeout + nack < period). */
  @ParameterizedTest
  @CsvSource({"200, 160", "100, 80", "500, 400", "1, 1"})
  void nackComesAfterFourFifthsOfTheProbeTimeout(long timeout, long expected) {
    assertThat(Timeouts.nackAfterMs(timeout)).isEqualTo(expected);
  }
}
