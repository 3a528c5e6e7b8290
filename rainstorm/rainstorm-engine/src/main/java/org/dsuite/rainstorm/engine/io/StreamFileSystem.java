package org.dsuite.rainstorm.engine.io;

import java.io.Closeable;
import java.io.IOException;

/**
 * The file system a job's source and destination live in: HDFS or local files now (through the
 * Hadoop API, {@link HadoopStreamFileSystem}), HyDFS once its client exists. Only what a source and
 * an exactly-once sink need.
 */
public interface StreamFileSystem {
  boolean exists(String name) throws IOException;

  /**
   * Opens a file for reading line by line.
   *
   * @throws java.io.FileNotFoundException naming the file if it does not exist
   */
  LineReader openLines(String name) throws IOException;

  /**
   * Opens byte-range split {@code split} of {@code splits} of a file for reading line by line, with
   * the file's global line numbers ({@link SplitLineReader}).
   *
   * @throws java.io.FileNotFoundException naming the file if it does not exist
   */
  LineReader openSplit(String name, int split, int splits) throws IOException;

  /**
   * Creates a new destination file.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists: no job overwrites output
   */
  SinkFile createSink(String name) throws IOException;

  /**
   * Reopens a destination after a sink restart: takes over from a dead writer and positions at the
   * end of the file. {@code length} is what the sink's log says holds exactly its acknowledged
   * outputs; {@code rewrites} are the lines of its unacknowledged outputs, which the caller writes
   * first, before anything else. Bytes past {@code length} that are whole lines, each among {@code
   * rewrites}, are kept and skipped once each when written again ({@link TailLines}); any other
   * tail is cut back to {@code length} where the file system can truncate, or refused.
   */
  SinkFile reopenSink(String name, long length, TailLines rewrites) throws IOException;

  /**
   * Reopens a destination after an at-least-once sink restart (no log, so no logged length): takes
   * over from a dead writer, keeps every whole line, cuts a torn last line off and positions at the
   * end. Lines the restarted sink writes again appear twice, as at-least-once allows.
   */
  SinkFile reopenSinkKeepingAll(String name) throws IOException;

  /**
   * Reads up to {@code maxBytes} bytes of {@code name} from {@code offset} (fewer at its end; empty
   * at or past it). Used to tail a destination while its sink writes it: bytes the sink has made
   * durable are visible to a new reader.
   */
  byte[] read(String name, long offset, int maxBytes) throws IOException;

  /** Reads lines with their 1-based numbers. */
  interface LineReader extends Closeable {
    /** The next line without its terminator, or null at the end. */
    String next() throws IOException;

    /** The number of the line {@link #next()} returned last (1-based). */
    long lineNumber();

    /**
     * Passes over the next line (it counts in {@link #lineNumber()}); false at the end. Readers may
     * do this without decoding the line.
     */
    default boolean skip() throws IOException {
      return next() != null;
    }
  }

  /**
   * A line reader that can also hand out a line's bytes before decoding it, so a source can judge a
   * line on its bytes ({@code LineBytesFilter}) and decode only the lines it keeps. The readers
   * {@link #openSplit} returns for HDFS, local files and HyDFS are all of this kind.
   */
  interface RawLineReader extends LineReader {
    /**
     * Moves to the next line without decoding it (it counts in {@link #lineNumber()}); false at the
     * end. Until the next call, {@link #lineBytes()}{@code [}{@link #lineStart()}{@code , }{@link
     * #lineEnd()}{@code )} are its bytes (terminator excluded) and {@link #decode()} its text.
     */
    boolean advance() throws IOException;

    /** The buffer holding the current line; valid until the next call that reads. */
    byte[] lineBytes();

    int lineStart();

    int lineEnd();

    /** The current line as text (UTF-8): what {@link #next()} would have returned. */
    String decode();
  }

  /** An append-only destination. */
  interface SinkFile extends Closeable {
    void write(byte[] bytes, int off, int len) throws IOException;

    /** Makes everything written so far durable and returns the file's length. */
    long flushDurable() throws IOException;
  }
}
