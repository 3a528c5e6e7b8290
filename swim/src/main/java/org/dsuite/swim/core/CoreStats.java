package org.dsuite.swim.core;

/**
 * Protocol counters of one core (single-threaded; the shell copies them into its snapshot).
 *
 * @param revivals members this member had declared failed that later proved alive (false positives
 *     observed locally)
 * @param detectionMsTotal sum over {@code failuresDeclared} of the time from the member's last
 *     message to the declaration, an upper bound on detection time a live system can measure
 */
public record CoreStats(
    long probes,
    long probesFailed,
    long pingReqs,
    long nacks,
    long suspicionsRaised,
    long failuresDeclared,
    long failEvents,
    long refutations,
    long revivals,
    long syncs,
    long detectionMsTotal) {}
