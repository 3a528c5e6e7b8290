package org.dsuite.grep.match;

/**
 * One POSIX pattern rewritten for {@link java.util.regex.Pattern}.
 *
 * @param regex the java.util.regex source; groups are named {@code g<N>} so patterns can be joined
 *     with {@code |} without renumbering back-references
 * @param groups how many groups the pattern opened (the next pattern's numbering starts after)
 * @param requiredLiteral a string every match contains (possibly empty): lines without it cannot
 *     match, so a byte search for it filters lines before the regex runs
 * @param pureLiteral the pattern is exactly {@code requiredLiteral}, with no anchor or operator: a
 *     line matches iff it contains the literal, and no regex has to run at all
 * @param literalIsPrefix every match starts with {@code requiredLiteral}, so a match can be looked
 *     for from a hit of the literal instead of from the start of its line
 */
public record Translation(
    String regex,
    int groups,
    String requiredLiteral,
    boolean pureLiteral,
    boolean literalIsPrefix) {}
