package org.dsuite.common.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterFileTest {
  @TempDir Path home;

  private static final String JSON =
      """
      {"stateDir":"/x","zk":"127.0.0.1:7090","hdfs":"hdfs://127.0.0.1:7091",
       "infra":null,
       "nodes":[
        {"name":"n1","host":"127.0.0.1","ports":{"swim":7100,"grep":7101,"dfs":7102,"admin":7104}},
        {"name":"n2","host":"10.0.0.2","ports":{"swim":7110,"grep":7111,"admin":7114}}]}
      """;

  @Test
  void findsTheFileUnderTheCheckoutAndListsEachServicesAddresses() throws Exception {
    Path dir = Files.createDirectories(home.resolve("state/cluster"));
    Files.writeString(dir.resolve("cluster.json"), JSON);

    LocalClusterFile f = LocalClusterFile.find(null, null, home.toString()).orElseThrow();

    assertThat(f.zk()).isEqualTo("127.0.0.1:7090");
    assertThat(f.hdfs()).isEqualTo("hdfs://127.0.0.1:7091");
    assertThat(f.addresses("grep")).containsExactly("127.0.0.1:7101", "10.0.0.2:7111");
    assertThat(f.addresses("dfs")).containsExactly("127.0.0.1:7102");
    assertThat(f.firstAddress("swim")).isEqualTo("127.0.0.1:7100");
    assertThatThrownBy(() -> f.firstAddress("rainstorm"))
        .hasMessageContaining("has no rainstorm service");
  }

  @Test
  void anExplicitDirectoryWinsOverTheCheckoutAndAMissingFileIsEmpty() throws Exception {
    Path other = Files.createDirectories(home.resolve("elsewhere"));
    assertThat(LocalClusterFile.find(other.toString(), null, home.toString())).isEmpty();
    Files.writeString(other.resolve("cluster.json"), JSON);
    assertThat(LocalClusterFile.find(null, other.toString(), "/nonexistent")).isPresent();
  }

  @Test
  void aFileThatIsNotAClusterFileIsAnErrorNamingIt() throws Exception {
    Path dir = Files.createDirectories(home.resolve("state/cluster"));
    Files.writeString(dir.resolve("cluster.json"), "{\"hello\":1}");
    assertThatThrownBy(() -> LocalClusterFile.find(null, null, home.toString()))
        .hasMessageContaining("cluster.json")
        .hasMessageContaining("nodes");
  }
}
