package org.dsuite.dfs.client;

/**
 * This client's writing position in one file: the writer ID its appends carry, the next sequence
 * number, and the last acknowledged one (what a later read must see).
 *
 * <p>After a failed append the writer moves to a fresh ID: the failed append may or may not have
 * reached some replicas, and reusing its sequence number for different data would make a replica
 * that has it treat the new data as a duplicate.
 */
final class WriterState {
  String writerId;
  long nextSeq = 1;
  String ackedWriter = "";
  long ackedSeq;

  WriterState(String writerId) {
    this.writerId = writerId;
  }

  void acked() {
    ackedWriter = writerId;
    ackedSeq = nextSeq;
    nextSeq++;
  }

  void restart(String freshId) {
    writerId = freshId;
    nextSeq = 1;
  }
}
