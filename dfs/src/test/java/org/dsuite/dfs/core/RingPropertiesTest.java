package org.dsuite.dfs.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class RingPropertiesTest {

  /** The naive reference: sort every node by clockwise distance from the file, take n. */
  static List<String> naiveReplicas(Set<String> nodeIds, String file, int n) {
    long f = RingHash.of(file);
    List<String> ids = new ArrayList<>(nodeIds);
    ids.sort(
        Comparator.<String>comparingLong(id -> (RingHash.of(id) - f) ^ Long.MIN_VALUE)
            .thenComparing(id -> id));
    return ids.subList(0, Math.min(n, ids.size()));
  }

  static Ring ring(Set<String> ids) {
    List<RingNode> nodes = new ArrayList<>();
    for (String id : ids) {
      nodes.add(new RingNode(id, "127.0.0.1:1"));
    }
    return Ring.of(nodes);
  }

  static List<String> ids(List<RingNode> nodes) {
    return nodes.stream().map(RingNode::id).toList();
  }

  @Provide
  Arbitrary<Set<String>> nodeIds() {
    return Arbitraries.strings()
        .withCharRange('0', '9')
        .ofMinLength(1)
        .ofMaxLength(6)
        .map(s -> "127.0.0.1:" + s + ":1700000000000")
        .set()
        .ofMinSize(1)
        .ofMaxSize(12);
  }

  @Property(tries = 300)
  void placementMatchesNaiveReference(
      @ForAll("nodeIds") Set<String> nodes,
      @ForAll @StringLength(min = 1, max = 40) String file,
      @ForAll @IntRange(min = 1, max = 5) int n) {
    assertThat(ids(ring(nodes).replicasFor(file, n))).isEqualTo(naiveReplicas(nodes, file, n));
  }

  @Property(tries = 200)
  void replicasAreDistinctAndAsManyAsPossible(
      @ForAll("nodeIds") Set<String> nodes, @ForAll @StringLength(min = 1, max = 40) String file) {
    List<String> r = ids(ring(nodes).replicasFor(file, 3));
    assertThat(r).doesNotHaveDuplicates().hasSize(Math.min(3, nodes.size()));
  }

  @Property(tries = 200)
  void aFailureOnlyReplacesTheFailedReplica(
      @ForAll("nodeIds") @Size(min = 2) Set<String> nodes,
      @ForAll @StringLength(min = 1, max = 40) String file,
      @ForAll @IntRange(min = 0, max = 11) int victimIndex) {
    List<String> all = new ArrayList<>(nodes);
    String victim = all.get(victimIndex % all.size());
    List<String> before = ids(ring(nodes).replicasFor(file, 3));
    Set<String> rest = new HashSet<>(nodes);
    rest.remove(victim);
    List<String> after = ids(ring(rest).replicasFor(file, 3));
    if (!before.contains(victim)) {
      assertThat(after).isEqualTo(before);
    } else {
      List<String> survivors = new ArrayList<>(before);
      survivors.remove(victim);
      assertThat(after).containsAll(survivors);
    }
  }

  @Test
  void hashIsTheFirstEightBytesOfSha256() {
    // SHA-256("abc") = ba7816bf8f01cfea 414140de5dae2223...
    assertThat(RingHash.hex(RingHash.of("abc"))).isEqualTo("ba7816bf8f01cfea");
  }

  @Test
  void fileNamesAreOpaqueButBounded() {
    assertThat(FileNames.validate("../../etc/passwd")).isEqualTo("../../etc/passwd");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileNames.validate(""))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileNames.validate("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> FileNames.validate("x".repeat(1025)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FileNames.validate("x".repeat(1024))).hasSize(1024);
  }
}
