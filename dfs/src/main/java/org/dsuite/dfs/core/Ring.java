package org.dsuite.dfs.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable consistent-hashing ring. Nodes sit at {@code RingHash.of(id)}; a file sits at {@code
 * RingHash.of(name)}; its replicas are the first {@code n} distinct nodes clockwise from (and
 * including) its position. Ties between equal positions, which SHA-256 makes vanishingly rare, are
 * broken by node ID so every node computes the same order.
 */
public final class Ring {
  private static final Comparator<RingNode> ORDER =
      Comparator.<RingNode>comparingLong(n -> n.position() ^ Long.MIN_VALUE)
          .thenComparing(RingNode::id);

  private final List<RingNode> nodes;
  private final long[] positions;

  private Ring(List<RingNode> sorted) {
    this.nodes = List.copyOf(sorted);
    this.positions = new long[sorted.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = sorted.get(i).position();
    }
  }

  public static Ring of(Collection<RingNode> members) {
    Map<String, RingNode> byId = new LinkedHashMap<>();
    for (RingNode n : members) {
      if (byId.putIfAbsent(n.id(), n) != null) {
        throw new IllegalArgumentException("duplicate node id " + n.id());
      }
    }
    List<RingNode> sorted = new ArrayList<>(byId.values());
    sorted.sort(ORDER);
    return new Ring(sorted);
  }

  public static Ring empty() {
    return new Ring(List.of());
  }

  /** Nodes sorted by ring position. */
  public List<RingNode> nodes() {
    return nodes;
  }

  public int size() {
    return nodes.size();
  }

  public Optional<RingNode> node(String id) {
    for (RingNode n : nodes) {
      if (n.id().equals(id)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  public boolean contains(String id) {
    return node(id).isPresent();
  }

  /** The replicas of {@code name}: the first {@code n} distinct nodes clockwise from its hash. */
  public List<RingNode> replicasFor(String name, int n) {
    return successors(RingHash.of(name), n);
  }

  /** The first {@code n} distinct nodes at or after {@code position}, wrapping around. */
  public List<RingNode> successors(long position, int n) {
    int count = Math.min(n, nodes.size());
    List<RingNode> out = new ArrayList<>(count);
    int start = firstAtOrAfter(position);
    for (int i = 0; i < count; i++) {
      out.add(nodes.get((start + i) % nodes.size()));
    }
    return out;
  }

  /** Index of the first node whose position is >= {@code position} (unsigned), or 0 to wrap. */
  private int firstAtOrAfter(long position) {
    int lo = 0;
    int hi = positions.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(positions[mid], position) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == positions.length ? 0 : lo;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ring r && r.nodes.equals(nodes);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode();
  }

  @Override
  public String toString() {
    return "Ring" + nodes;
  }
}
