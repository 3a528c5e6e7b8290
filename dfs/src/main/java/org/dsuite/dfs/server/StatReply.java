package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.rpc.ProtocolException;
import org.dsuite.dfs.rpc.Wire;

/** A replica's answer to R_STAT: its state of the file, plus content version and size. */
public record StatReply(ReplicaState state, long version, long sizeBytes) {
  private static final int ABSENT = 0;
  private static final int TOMBSTONE = 1;
  private static final int PRESENT = 2;

  static StatReply of(FileLog log) {
    return log == null
        ? new StatReply(ReplicaState.absent(), 0, 0)
        : new StatReply(log.state(), log.version(), log.size());
  }

  void write(DataOutputStream out) throws IOException {
    if (state instanceof ReplicaState.Tombstone t) {
      out.writeByte(TOMBSTONE);
      out.writeLong(t.generation());
    } else if (state instanceof ReplicaState.Present p) {
      out.writeByte(PRESENT);
      out.writeLong(p.generation());
      out.writeLong(version);
      out.writeLong(sizeBytes);
      Wire.writeIds(out, p.blocks());
    } else {
      out.writeByte(ABSENT);
    }
  }

  static StatReply read(DataInputStream in, int maxBlocks) throws IOException {
    int kind = in.readUnsignedByte();
    switch (kind) {
      case ABSENT:
        return new StatReply(ReplicaState.absent(), 0, 0);
      case TOMBSTONE:
        return new StatReply(new ReplicaState.Tombstone(in.readLong()), 0, 0);
      case PRESENT:
        long gen = in.readLong();
        long version = in.readLong();
        long size = in.readLong();
        return new StatReply(
            new ReplicaState.Present(gen, Wire.readIds(in, maxBlocks)), version, size);
      default:
        throw new ProtocolException("bad state kind " + kind);
    }
  }

  public boolean present() {
    return state instanceof ReplicaState.Present;
  }
}
