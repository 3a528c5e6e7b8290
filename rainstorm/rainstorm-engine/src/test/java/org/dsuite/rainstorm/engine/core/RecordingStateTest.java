package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The per-input state view against a naive model: an input sees its own writes, newest first, over
 * the task's state; a committed input's changes reach the state in order; an abandoned one's never
 * do. Inputs touch from none to many more keys than the view scans before it keeps a map.
 */
class RecordingStateTest {
  @Test
  void readsAndCommitsMatchANaiveModelForFewAndManyChangesPerInput() {
    for (long seed = 1; seed <= 200; seed++) {
      Random rnd = new Random(seed);
      Map<String, String> state = new HashMap<>();
      Map<String, String> model = new HashMap<>();
      RecordingState view = new RecordingState(state);
      for (int input = 0; input < 40; input++) {
        view.begin();
        Map<String, String> pending = new HashMap<>(model);
        List<StateChange> expected = new ArrayList<>();
        int ops = rnd.nextInt(4) == 0 ? rnd.nextInt(3 * RecordingState.SCAN_LIMIT) : rnd.nextInt(3);
        for (int op = 0; op < ops; op++) {
          String key = "k" + rnd.nextInt(12);
          switch (rnd.nextInt(3)) {
            case 0 -> {
              String value = "v" + seed + "-" + input + "-" + op;
              view.put(key, value);
              pending.put(key, value);
              expected.add(new StateChange(key, value));
            }
            case 1 -> {
              view.remove(key);
              pending.remove(key);
              expected.add(new StateChange(key, null));
            }
            default -> {}
          }
          String probe = "k" + rnd.nextInt(12);
          assertThat(view.get(probe))
              .as("seed %d input %d op %d", seed, input, op)
              .isEqualTo(pending.get(probe));
        }
        if (rnd.nextInt(5) == 0) {
          continue; // abandoned (the operator threw): the next begin() forgets its changes
        }
        assertThat(view.commit()).as("seed %d input %d", seed, input).isEqualTo(expected);
        model = pending;
        assertThat(state).as("seed %d input %d", seed, input).isEqualTo(model);
      }
    }
  }
}
