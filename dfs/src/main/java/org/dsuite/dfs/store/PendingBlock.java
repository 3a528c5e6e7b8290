package org.dsuite.dfs.store;

import java.nio.file.Path;

/** A block fully written and fsynced to a temporary file, not yet part of any file. */
public record PendingBlock(Path tempFile, long length, int crc32c) {}
