package org.dsuite.swim.core;

/** What the member table counts about suspicions and failures (see {@link CoreStats}). */
final class DetectionCounters {
  long suspicionsRaised;
  long failuresDeclared;
  long failEvents;
  long revivals;
  long detectionMsTotal;

  CoreStats toStats(
      long probes, long probesFailed, long pingReqs, long nacks, long syncs, long refutations) {
    return new CoreStats(
        probes,
        probesFailed,
        pingReqs,
        nacks,
        suspicionsRaised,
        failuresDeclared,
        failEvents,
        refutations,
        revivals,
        syncs,
        detectionMsTotal);
  }
}
