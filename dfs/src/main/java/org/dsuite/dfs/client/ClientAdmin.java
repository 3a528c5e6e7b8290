package org.dsuite.dfs.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Wire;

/**
 * The client's listing and management calls: ls, store, list_mem_ids, merge, rm and one leg of
 * multiappend. Each is one request/answer exchange; only their bodies differ.
 */
final class ClientAdmin {
  private final ClientConfig config;
  private final ServerCalls calls;

  ClientAdmin(ClientConfig config, ServerCalls calls) {
    this.config = config;
    this.calls = calls;
  }

  Listings.FileLocation ls(String name) throws IOException {
    FileNames.validate(name);
    Listings.FileLocation[] out = new Listings.FileLocation[1];
    calls.retry(
        "ls " + name,
        server ->
            calls.simple(
                server,
                Op.LS,
                c -> Wire.writeString(c.out, name),
                c -> {
                  String fileId = Wire.readString(c.in);
                  int n = c.in.readInt();
                  List<Listings.Replica> reps = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    reps.add(
                        new Listings.Replica(
                            Wire.readString(c.in),
                            Wire.readString(c.in),
                            Wire.readString(c.in),
                            Wire.readString(c.in)));
                  }
                  out[0] = new Listings.FileLocation(name, fileId, reps);
                }));
    return out[0];
  }

  Listings.StoreListing store(String server) throws IOException {
    Listings.StoreListing[] out = new Listings.StoreListing[1];
    String target = server == null ? config.servers().get(0) : server;
    ServerCalls.check(
        calls.simple(
            target,
            Op.STORE,
            c -> {},
            c -> {
              String member = Wire.readString(c.in);
              String ringId = Wire.readString(c.in);
              int n = c.in.readInt();
              List<Listings.StoredFile> files = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                files.add(
                    new Listings.StoredFile(
                        Wire.readString(c.in),
                        Wire.readString(c.in),
                        c.in.readLong(),
                        c.in.readLong()));
              }
              out[0] = new Listings.StoreListing(member, ringId, files);
            }),
        "store on " + target);
    return out[0];
  }

  List<Listings.Member> members() throws IOException {
    List<Listings.Member> out = new ArrayList<>();
    calls.retry(
        "list_mem_ids",
        server ->
            calls.simple(
                server,
                Op.MEMBERS,
                c -> {},
                c -> {
                  out.clear();
                  int n = c.in.readInt();
                  for (int i = 0; i < n; i++) {
                    out.add(
                        new Listings.Member(
                            Wire.readString(c.in), Wire.readString(c.in), Wire.readString(c.in)));
                  }
                }));
    return out;
  }

  String merge(String name) throws IOException {
    FileNames.validate(name);
    Connection.Reply r =
        calls.retry(
            "merge " + name,
            server -> calls.simple(server, Op.MERGE, c -> Wire.writeString(c.out, name), c -> {}));
    return r.message();
  }

  void delete(String name) throws IOException {
    FileNames.validate(name);
    calls.retry(
        "rm " + name,
        server -> calls.simple(server, Op.DELETE, c -> Wire.writeString(c.out, name), c -> {}));
  }

  void appendFromNode(String server, String name, String localPath) throws IOException {
    FileNames.validate(name);
    ServerCalls.check(
        calls.simple(
            server,
            Op.APPEND_LOCAL,
            c -> {
              Wire.writeString(c.out, name);
              Wire.writeString(c.out, localPath);
            },
            c -> {}),
        "append on " + server);
  }
}
