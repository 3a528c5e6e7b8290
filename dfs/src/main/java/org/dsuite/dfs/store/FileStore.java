package org.dsuite.dfs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.dfs.core.AppendCheck;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.core.RingHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files one server holds, under its data directory:
 *
 * <pre>
 *   files/&lt;sha256(name) in hex&gt;/meta         the FileLog (CRC32C-protected)
 *   files/&lt;sha256(name) in hex&gt;/b&lt;key&gt;       one block, as CRC32C-checked chunks
 *   tmp/                                     blocks being received
 * </pre>
 *
 * On-disk names come from a hash of the key, so a name like {@code ../../etc/passwd} never becomes
 * a path. Every change is durable before the method returns: the block is fsynced, the new metadata
 * is written to a temporary file, fsynced, renamed over the old one, and the directory is fsynced.
 * Changes to one file are serialised by a per-file lock; reads work from a snapshot of the log
 * (block files are immutable once committed).
 */
public final class FileStore {
  private static final Logger log = LoggerFactory.getLogger(FileStore.class);

  private final Path filesDir;
  private final Path tmpDir;
  private final int chunkBytes;
  private final Map<String, FileLog> logs = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final AtomicLong nextKey = new AtomicLong(1);
  private final AtomicLong corruptions = new AtomicLong();

  /** Opens (creating if needed) the store under {@code dataDir} and loads every file's log. */
  public FileStore(Path dataDir, int chunkBytes) throws IOException {
    this.filesDir = dataDir.resolve("files");
    this.tmpDir = dataDir.resolve("tmp");
    this.chunkBytes = chunkBytes;
    Files.createDirectories(filesDir);
    Files.createDirectories(tmpDir);
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(tmpDir)) {
      for (Path p : stale) {
        Files.deleteIfExists(p);
      }
    }
    load();
  }

  private void load() throws IOException {
    long maxKey = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(filesDir)) {
      for (Path dir : dirs) {
        Path meta = dir.resolve("meta");
        if (!Files.exists(meta)) {
          continue;
        }
        try {
          FileLog fl = MetaCodec.decode(Files.readAllBytes(meta));
          if (!dir.getFileName().toString().equals(dirName(fl.name()))) {
            throw new IOException("metadata in the wrong directory");
          }
          logs.put(fl.name(), fl);
          for (BlockMeta b : fl.blocks()) {
            maxKey = Math.max(maxKey, b.storageKey());
          }
        } catch (IOException | RuntimeException e) {
          // A damaged log cannot be trusted; the copy is dropped and re-replicated from others.
          log.warn("dropping unreadable file metadata {}: {}", meta, e.toString());
          deleteTree(dir);
        }
      }
    }
    nextKey.set(maxKey + 1);
  }

  static String dirName(String name) {
    return HexFormat.of().formatHex(RingHash.sha256(name.getBytes(StandardCharsets.UTF_8)));
  }

  private Path dir(String name) {
    return filesDir.resolve(dirName(name));
  }

  private Path blockPath(String name, long key) {
    return dir(name).resolve("b" + key);
  }

  private Object lock(String name) {
    return locks.computeIfAbsent(name, n -> new Object());
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  public Optional<FileLog> log(String name) {
    return Optional.ofNullable(logs.get(name));
  }

  public ReplicaState state(String name) {
    FileLog fl = logs.get(name);
    return fl == null ? ReplicaState.absent() : fl.state();
  }

  /** Every file and tombstone held here. */
  public List<FileLog> all() {
    return new ArrayList<>(logs.values());
  }

  public long corruptionsDetected() {
    return corruptions.get();
  }

  void countCorruption() {
    corruptions.incrementAndGet();
  }

  /** Starts receiving a block of at most {@code maxBytes}. */
  public BlockWriter newBlock(long maxBytes) throws IOException {
    Path tmp = tmpDir.resolve("t" + nextKey.getAndIncrement());
    return new BlockWriter(tmp, chunkBytes, maxBytes);
  }

  /** Outcome of a write to this replica. */
  public enum WriteResult {
    APPLIED,
    DUPLICATE,
    EXISTS,
    NOT_FOUND,
    GAP,
    STALE
  }

  /**
   * Creates {@code name} with {@code base} as its content. Fails with EXISTS if a live copy is here
   * (a retry of the same create is a DUPLICATE); an older tombstone is replaced.
   */
  public WriteResult create(String name, long generation, BlockId baseId, PendingBlock base)
      throws IOException {
    FileNames.validate(name);
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      if (cur != null && !cur.deleted()) {
        discard(base);
        return cur.generation() == generation && cur.blocks().get(0).id().equals(baseId)
            ? WriteResult.DUPLICATE
            : WriteResult.EXISTS;
      }
      if (cur != null && cur.deleted() && cur.generation() >= generation) {
        discard(base);
        return WriteResult.STALE;
      }
      replaceWith(name, cur, base, baseId, generation);
      return WriteResult.APPLIED;
    }
  }

  private void replaceWith(
      String name, FileLog cur, PendingBlock base, BlockId baseId, long generation)
      throws IOException {
    Files.createDirectories(dir(name));
    BlockMeta meta = install(name, base, baseId);
    persist(FileLog.created(name, generation, meta));
    if (cur != null) {
      deleteBlocks(cur);
    }
  }

  /** A client's append: applied once, in that client's order. */
  public WriteResult append(String name, BlockId id, PendingBlock data) throws IOException {
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      if (cur == null || cur.deleted()) {
        discard(data);
        return cur == null ? WriteResult.GAP : WriteResult.NOT_FOUND;
      }
      AppendCheck check = cur.checkAppend(id);
      if (check != AppendCheck.APPLY) {
        discard(data);
        return check == AppendCheck.DUPLICATE ? WriteResult.DUPLICATE : WriteResult.GAP;
      }
      persist(cur.withBlock(install(name, data, id)));
      return WriteResult.APPLIED;
    }
  }

  /**
   * A block copied from another replica (re-replication, merge): added if missing. With {@code
   * replace} (or when this copy is of an older generation) the old copy is discarded first, and the
   * incoming block must be the base.
   */
  public WriteResult syncBlock(
      String name, long generation, boolean replace, BlockId id, PendingBlock data)
      throws IOException {
    FileNames.validate(name);
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      boolean older = cur == null || cur.generation() < generation;
      if (cur != null && cur.generation() > generation
          || cur != null && cur.deleted() && cur.generation() >= generation) {
        discard(data);
        return WriteResult.STALE;
      }
      if (older || (replace && id.isBase() && !cur.contains(id))) {
        if (!id.isBase()) {
          discard(data);
          return WriteResult.GAP;
        }
        replaceWith(name, cur, data, id, generation);
        return WriteResult.APPLIED;
      }
      if (cur.contains(id)) {
        discard(data);
        return WriteResult.DUPLICATE;
      }
      persist(cur.withBlock(install(name, data, id)));
      return WriteResult.APPLIED;
    }
  }

  /** Records that generations up to {@code generation} of {@code name} are deleted. */
  public WriteResult tombstone(String name, long generation) throws IOException {
    FileNames.validate(name);
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      if (cur != null && (cur.generation() > generation || cur.deleted())) {
        return cur.deleted() && cur.generation() >= generation
            ? WriteResult.DUPLICATE
            : WriteResult.STALE;
      }
      Files.createDirectories(dir(name));
      persist(FileLog.tombstone(name, generation));
      if (cur != null) {
        deleteBlocks(cur);
      }
      return WriteResult.APPLIED;
    }
  }

  /** Applies the merge order the primary decided (only metadata changes). */
  public WriteResult reorder(String name, long generation, List<BlockId> order) throws IOException {
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      if (cur == null || cur.deleted() || cur.generation() != generation) {
        return WriteResult.NOT_FOUND;
      }
      FileLog next = cur.reordered(order);
      if (!next.equals(cur)) {
        persist(next);
      }
      return WriteResult.APPLIED;
    }
  }

  /** Forgets this replica's copy (it moved to other nodes, or a newer one exists). */
  public void drop(String name) throws IOException {
    synchronized (lock(name)) {
      FileLog cur = logs.remove(name);
      if (cur != null) {
        deleteTree(dir(name));
      }
    }
  }

  /** Installs a good copy of a damaged block, after checking it matches the log. */
  public boolean replaceBlock(String name, BlockId id, PendingBlock data) throws IOException {
    synchronized (lock(name)) {
      FileLog cur = logs.get(name);
      BlockMeta meta = cur == null ? null : cur.find(id);
      if (meta == null || meta.length() != data.length() || meta.crc32c() != data.crc32c()) {
        discard(data);
        return false;
      }
      Path target = blockPath(name, meta.storageKey());
      move(data.tempFile(), target);
      fsyncDir(dir(name));
      return true;
    }
  }

  /** The content of {@code snapshot}, verified on the way out; damaged blocks are repaired. */
  public InputStream openContent(FileLog snapshot, BlockRepairer repairer) {
    return openContent(snapshot, repairer, 0, Long.MAX_VALUE);
  }

  /**
   * Up to {@code maxBytes} of the content of {@code snapshot} from byte {@code start}, verified and
   * repaired like {@link #openContent(FileLog, BlockRepairer)}.
   */
  public InputStream openContent(
      FileLog snapshot, BlockRepairer repairer, long start, long maxBytes) {
    return new ContentInput(this, snapshot.name(), snapshot.blocks(), repairer, start, maxBytes);
  }

  /** Some blocks of {@code name}, verified and repaired like {@link #openContent}. */
  public InputStream openBlocks(String name, List<BlockMeta> blocks, BlockRepairer repairer) {
    return new ContentInput(this, name, blocks, repairer, 0, Long.MAX_VALUE);
  }

  /** One block's verified bytes. */
  public InputStream openBlockContent(String name, BlockMeta block) throws IOException {
    return openBlock(name, block);
  }

  BlockInput openBlock(String name, BlockMeta block) throws IOException {
    try {
      return new BlockInput(name, block, blockPath(name, block.storageKey()), chunkBytesMax());
    } catch (NoSuchFileException e) {
      throw new CorruptBlockException(name, block.id(), "block file is missing");
    }
  }

  /** Chunks written elsewhere may use a different chunk size; accept up to 64 MiB. */
  private int chunkBytesMax() {
    return Math.max(chunkBytes, 64 << 20);
  }

  /** Reads every block of {@code fl} and checks it; returns the damaged ones. */
  public List<BlockMeta> verify(FileLog fl) {
    List<BlockMeta> bad = new ArrayList<>();
    byte[] buf = new byte[1 << 16];
    for (BlockMeta b : fl.blocks()) {
      try (InputStream in = openBlock(fl.name(), b)) {
        while (in.read(buf) >= 0) {
          // reading to the end checks every chunk and the whole-block CRC
        }
      } catch (CorruptBlockException e) {
        countCorruption();
        bad.add(b);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bad;
  }

  private BlockMeta install(String name, PendingBlock data, BlockId id) throws IOException {
    long key = nextKey.getAndIncrement();
    move(data.tempFile(), blockPath(name, key));
    return new BlockMeta(id, data.length(), data.crc32c(), key);
  }

  private void persist(FileLog next) throws IOException {
    Path d = dir(next.name());
    Path tmp = d.resolve("meta.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(MetaCodec.encode(next));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    move(tmp, d.resolve("meta"));
    fsyncDir(d);
    logs.put(next.name(), next);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private void deleteBlocks(FileLog old) throws IOException {
    for (BlockMeta b : old.blocks()) {
      Files.deleteIfExists(blockPath(old.name(), b.storageKey()));
    }
  }

  private static void discard(PendingBlock data) throws IOException {
    Files.deleteIfExists(data.tempFile());
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        Files.deleteIfExists(p);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** Where a test finds a block's bytes to damage them (package-private on purpose). */
  Path blockFileForTest(String name, BlockMeta b) {
    return blockPath(name, b.storageKey());
  }
}
