#!/usr/bin/env bash
# 1 GB create + get through 3 HyDFS server JVMs and a client JVM, each with -Xmx256m.
# Usage (from the repository root, after `mvn -o -q -B -pl dfs package -DskipTests`):
#   dfs/src/test/scripts/big-file.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../../../.."
mvn -o -q -B -pl dfs dependency:build-classpath -Dmdep.outputFile=target-cp.txt >/dev/null
CP="dfs/target/classes:$(cat dfs/target-cp.txt)"
rm -f dfs/target-cp.txt
W="$(mktemp -d "${TMPDIR:-/tmp}/hydfs-1g.XXXXXX")"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for i in 0 1 2; do
  java -Xmx256m -cp "$CP" org.dsuite.dfs.server.HydfsServerMain \
    --set dfs.rpc-port=$((17101+i)) --set dfs.data-dir=$W/n$i --set dfs.state-dir=$W/s$i \
    --set swim.port=$((17946+i)) --set swim.seeds=127.0.0.1:17946 --set swim.probe-interval-ms=200 --set swim.probe-timeout-ms=100 \
    > $W/out$i.txt 2>&1 &
  pids+=($!)
done
for i in 0 1 2; do until grep -q "serving HyDFS" $W/out$i.txt; do kill -0 ${pids[$i]} || { cat $W/out$i.txt; exit 2; }; sleep 0.2; done; done
sleep 2
head -c 1G /dev/urandom > $W/big.bin
hydfs() { java -Xmx256m -Ddsuite.log.dir=$W/cli -cp "$CP" org.dsuite.dfs.cli.HydfsMain "$@"; }
/usr/bin/time -f "create 1 GB: %e s, client max RSS %M KB" bash -c "$(declare -f hydfs); CP='$CP'; W=$W; hydfs --node 127.0.0.1:17101 create $W/big.bin big.bin 2>/dev/null"
/usr/bin/time -f "get 1 GB: %e s, client max RSS %M KB" bash -c "$(declare -f hydfs); CP='$CP'; W=$W; hydfs --node 127.0.0.1:17102 get big.bin $W/back.bin 2>/dev/null"
cmp $W/big.bin $W/back.bin && echo "content identical"
for p in "${pids[@]}"; do echo "server $p RSS: $(grep VmHWM /proc/$p/status)"; done
rm -rf $W
