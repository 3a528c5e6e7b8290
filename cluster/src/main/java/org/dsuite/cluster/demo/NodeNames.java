package org.dsuite.cluster.demo;

/** Names of a local cluster's nodes, as the launcher gives them. */
final class NodeNames {
  private NodeNames() {}

  /**
   * The {@code k}-th node from the end ({@code k = 0}: the last), never node1 (the demo's contact).
   */
  static String last(int nodes, int k) {
    int index = nodes - k;
    if (index <= 1) {
      throw new IllegalArgumentException("not enough nodes to spare node" + index);
    }
    return "node" + index;
  }
}
