package org.dsuite.dfs.core;

/** What a replica must do with an incoming append, decided from its log alone. */
public enum AppendCheck {
  /** New and next in the client's order: store it. */
  APPLY,
  /** Already stored (a retry): acknowledge without storing again. */
  DUPLICATE,
  /**
   * The client's earlier append is missing here (a new or stale replica): this replica must be
   * brought up to date from another one first, or the client's order would break.
   */
  GAP
}
