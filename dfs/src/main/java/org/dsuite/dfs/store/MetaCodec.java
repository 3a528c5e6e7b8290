package org.dsuite.dfs.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;

/** The on-disk form of a {@link FileLog}: a small binary record ending in its own CRC32C. */
final class MetaCodec {
  private static final int MAGIC = 0x48594D31; // "HYM1"

  private MetaCodec() {}

  static byte[] encode(FileLog log) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeUTF(log.name());
    out.writeLong(log.generation());
    out.writeBoolean(log.deleted());
    out.writeInt(log.blocks().size());
    for (BlockMeta b : log.blocks()) {
      out.writeUTF(b.id().clientId());
      out.writeLong(b.id().seq());
      out.writeLong(b.length());
      out.writeInt(b.crc32c());
      out.writeLong(b.storageKey());
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  static FileLog decode(byte[] data) throws IOException {
    if (data.length < 8) {
      throw new IOException("metadata too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length - 4);
    int stored =
        ((data[data.length - 4] & 0xFF) << 24)
            | ((data[data.length - 3] & 0xFF) << 16)
            | ((data[data.length - 2] & 0xFF) << 8)
            | (data[data.length - 1] & 0xFF);
    if ((int) crc.getValue() != stored) {
      throw new IOException("metadata checksum mismatch");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, data.length - 4));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a HyDFS metadata file");
    }
    String name = in.readUTF();
    long gen = in.readLong();
    boolean deleted = in.readBoolean();
    int n = in.readInt();
    if (n < 0 || n > data.length) {
      throw new IOException("bad block count " + n);
    }
    List<BlockMeta> blocks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BlockId id = new BlockId(in.readUTF(), in.readLong());
      blocks.add(new BlockMeta(id, in.readLong(), in.readInt(), in.readLong()));
    }
    try {
      return new FileLog(name, gen, deleted, blocks);
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid metadata: " + e.getMessage(), e);
    }
  }
}
