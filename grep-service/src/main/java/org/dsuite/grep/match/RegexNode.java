package org.dsuite.grep.match;

import java.util.List;

/** The syntax tree of a translated regex, as far as the DFA engine supports it. */
sealed interface RegexNode {
  /** One byte from a set of 256 (bit i of {@code set[i >> 6]}). */
  record Bytes(long[] set) implements RegexNode {}

  record Concat(List<RegexNode> items) implements RegexNode {}

  record Alternation(List<RegexNode> branches) implements RegexNode {}

  /** {@code max} -1 for no upper bound. */
  record Repeat(RegexNode body, int min, int max) implements RegexNode {}

  /** {@code ^}: only at the start of a line. */
  record LineStart() implements RegexNode {}

  /** {@code $}: only at the end of a line. */
  record LineEnd() implements RegexNode {}
}
