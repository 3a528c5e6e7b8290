package org.dsuite.grep.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogGeneratorTest {
  static String generate(long seed, long bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LogGenerator(seed).write(out, bytes);
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
    assertThat(generate(3, 1 << 20)).isEqualTo(generate(3, 1 << 20));
    assertThat(generate(3, 1 << 20)).isNotEqualTo(generate(4, 1 << 20));
  }

  @Test
  void plantedPatternsHaveTheDocumentedFrequencies() throws IOException {
    String text = generate(1, 8 << 20);
    assertThat(text.length()).isBetween(8 << 20, (8 << 20) + 4096);
    assertThat(text).endsWith("\n");
    String[] lines = text.split("\n");
    long records = 0;
    long frequent = 0;
    long infrequent = 0;
    long rare = 0;
    for (String l : lines) {
      if (!l.startsWith("\tat ")) {
        records++;
        assertThat(l)
            .matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |DEBUG|WARN |ERROR) \\[.*");
      }
      frequent += l.contains(PlantedPattern.FREQUENT.literal()) ? 1 : 0;
      infrequent += l.contains(PlantedPattern.INFREQUENT.literal()) ? 1 : 0;
      rare += l.contains(PlantedPattern.RARE.literal()) ? 1 : 0;
      assertThat(l).doesNotContain(PlantedPattern.ABSENT.literal());
    }
    assertThat((double) frequent / records).isBetween(0.40, 0.46);
    assertThat((double) infrequent / records).isBetween(0.015, 0.025);
    assertThat(rare).isBetween(1L, records / 2000);
  }
}
