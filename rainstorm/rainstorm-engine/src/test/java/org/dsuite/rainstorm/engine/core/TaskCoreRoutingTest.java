package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a task's outputs go. Pinned: a by-ID router spreads outputs exactly as before session 9 (a
 * restarted task of an older version and its log must agree on every downstream task), and a router
 * that does not read IDs is not given the derived hash.
 */
class TaskCoreRoutingTest {
  private static List<Integer> destinations(Router router, int inputs) {
    TaskCore core =
        new TaskCore(
            new TaskKey(1, 0),
            (in, state, out) -> {
              out.emit(in.key(), in.value());
              out.emit(in.key() + "!", in.value());
            },
            router,
            TaskCoreConfig.defaults());
    List<DataTuple> batch = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      batch.add(new DataTuple(TupleId.ofSourceLine(i), "k" + i, "v" + i));
    }
    Actions logged = core.onInputs(0, -1, batch);
    Actions released = core.onDurable(0, logged.append().get(0).lsn());
    List<Integer> to = new ArrayList<>();
    for (Output o : released.send()) {
      to.add(o.toTask());
    }
    return to;
  }

  @Test
  void byIdSpreadsOutputsAsItAlwaysHas() {
    assertThat(destinations(Router.byId(3), 10))
        .containsExactly(
            1, 1, 0, 0, 2, 1, 1, 2, 2, 0, 1, 0, 1, 0, 0, 1, 2, 2, 2, 0); // main b070fd8 gives these
  }

  @Test
  void byKeyAndSingleRouteByContentAndSeeTheInputsId() {
    List<TupleId> seen = new ArrayList<>();
    Router byKey = Router.byKey(3);
    Router spy =
        Router.byContent(
            t -> {
              seen.add(t.id());
              return byKey.route(t);
            });
    List<Integer> to = destinations(spy, 10);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(Math.floorMod((int) TupleId.mix64(("k" + i).hashCode()), 3));
      expected.add(Math.floorMod((int) TupleId.mix64(("k" + i + "!").hashCode()), 3));
    }
    assertThat(to).isEqualTo(expected);
    assertThat(seen).hasSize(20).allMatch(TupleId::isSource);
    assertThat(destinations(Router.single(), 10)).hasSize(20).containsOnly(0);
  }
}
