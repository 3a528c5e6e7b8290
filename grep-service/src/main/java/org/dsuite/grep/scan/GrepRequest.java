package org.dsuite.grep.scan;

import org.dsuite.grep.match.MatchOptions;

/** A whole grep query: what matches and how it is reported. */
public record GrepRequest(MatchOptions match, OutputOptions output) {}
