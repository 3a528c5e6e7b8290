#!/usr/bin/env bash
# Deploys the suite to the machines of a real cluster over ssh and starts/stops its node daemons.
#
#   cluster/deploy/deploy.sh [--dry-run] [--inventory FILE] [--config FILE] [--dest DIR] push|start|stop|status
#
#   push    build (if needed), copy the distribution (bin/ + jars) and each node's config to its host
#   start   start every node daemon (introducers first); its PID goes to DEST/run/NODE.pid
#   stop    SIGTERM every node daemon by PID (graceful: leaves the group, flushes logs), SIGKILL after 30 s
#   status  show which node daemons are running
#
# Defaults: --inventory cluster/deploy/inventory, --config cluster/deploy/cluster.properties,
# --dest /opt/dsuite. Every inventory field is validated before anything runs; remote commands are
# built only from validated fields and quoted with printf %q. See docs/deploy.md.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
home="$(cd "$here/../.." && pwd)"
inventory="$here/inventory"
config="$here/cluster.properties"
dest="/opt/dsuite"
dry_run=0
ssh_opts=(-o BatchMode=yes -o ConnectTimeout=10)

die() { echo "deploy: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    --inventory) inventory="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    push|start|stop|status) break ;;
    *) die "unknown option or command '$1' (try --help)" ;;
  esac
done
[ $# -eq 1 ] || die "expected one command: push, start, stop or status"
cmd="$1"

[[ "$dest" =~ ^/[A-Za-z0-9._/-]+$ ]] && [[ "$dest" != *..* ]] || die "--dest must be an absolute path of [A-Za-z0-9._/-], got '$dest'"
[ -f "$inventory" ] || die "no inventory at $inventory (copy inventory.example)"
[ -f "$config" ] || die "no config at $config (copy cluster.properties.example)"

# run CMD...: runs it, or prints it (shell-quoted) with --dry-run.
run() {
  if [ "$dry_run" = 1 ]; then
    printf '%q ' "$@"; echo
  else
    "$@"
  fi
}

# remote HOST USER CMD...: runs CMD on HOST; the command words are quoted for the remote shell.
remote() {
  local host="$1" user="$2"; shift 2
  local target="$host"
  [ -n "$user" ] && target="$user@$host"
  run ssh "${ssh_opts[@]}" "$target" -- "$(printf '%q ' "$@")"
}

hosts=(); names=(); services=(); users=()
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
  lineno=$((lineno + 1))
  line="${line%%#*}"
  [ -z "${line//[[:space:]]/}" ] && continue
  read -r host name svc user extra <<<"$line"
  [ -z "${extra:-}" ] || die "$inventory:$lineno: too many fields"
  [[ "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$ ]] || die "$inventory:$lineno: bad host '$host'"
  [[ "${name:-}" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || die "$inventory:$lineno: bad node name '${name:-}'"
  [[ "${svc:-}" =~ ^(swim|grep|dfs|rainstorm)(,(swim|grep|dfs|rainstorm))*$ ]] || die "$inventory:$lineno: bad services '${svc:-}' (subset of swim,grep,dfs,rainstorm)"
  [ -z "${user:-}" ] || [[ "$user" =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || die "$inventory:$lineno: bad ssh user '$user'"
  for n in "${names[@]+"${names[@]}"}"; do [ "$n" != "$name" ] || die "$inventory:$lineno: node name '$name' used twice"; done
  hosts+=("$host"); names+=("$name"); services+=("$svc"); users+=("${user:-}")
done <"$inventory"
[ ${#hosts[@]} -gt 0 ] || die "$inventory lists no nodes"

swim_port="$(sed -n 's/^[[:space:]]*swim\.port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$config" | tail -n 1)"
swim_port="${swim_port:-7100}"
seeds="${hosts[0]}:$swim_port"
[ ${#hosts[@]} -gt 1 ] && seeds="$seeds,${hosts[1]}:$swim_port"

node_config() { # index -> node.properties on stdout
  local i="$1"
  cat "$config"
  printf '\n# this node (written by deploy.sh)\n'
  printf 'node.name = %s\nnode.host = %s\nnode.services = %s\n' "${names[$i]}" "${hosts[$i]}" "${services[$i]}"
  printf 'swim.host = %s\nswim.seeds = %s\n' "${hosts[$i]}" "$seeds"
}

case "$cmd" in
  push)
    if [ "$dry_run" = 0 ]; then
      echo "building the distribution ..."
      (cd "$home" && mvn -q -B -DskipTests package)
    fi
    tarball="${TMPDIR:-/tmp}/dsuite-dist.tar.gz"
    mapfile -t parts < <(cd "$home" && find . -path ./state -prune -o \
      \( -path '*/target/*.jar' -o -path '*/target/lib' \) -print | grep -v '/lib/' | sed 's#^\./##' | sort)
    run tar -czf "$tarball" -C "$home" bin "${parts[@]}"
    for i in "${!hosts[@]}"; do
      echo "[$((i + 1))/${#hosts[@]}] ${names[$i]} on ${hosts[$i]}"
      target="${hosts[$i]}"; [ -n "${users[$i]}" ] && target="${users[$i]}@${hosts[$i]}"
      conf="$(mktemp)"; node_config "$i" >"$conf"
      remote "${hosts[$i]}" "${users[$i]}" mkdir -p "$dest/conf" "$dest/run"
      run scp "${ssh_opts[@]}" "$tarball" "$target:$dest/dist.tar.gz"
      run scp "${ssh_opts[@]}" "$conf" "$target:$dest/conf/${names[$i]}.properties"
      remote "${hosts[$i]}" "${users[$i]}" tar -xzf "$dest/dist.tar.gz" -C "$dest"
      rm -f "$conf"
    done
    ;;
  start)
    for i in "${!hosts[@]}"; do
      echo "starting ${names[$i]} on ${hosts[$i]}"
      # bin/node exec's java, so $! is the daemon's own PID.
      remote "${hosts[$i]}" "${users[$i]}" sh -c \
        'cd "$1" && DSUITE_NO_BUILD=1 nohup bin/node --config "conf/$2.properties" >"run/$2.console.log" 2>&1 </dev/null & echo $! >"$1/run/$2.pid"' \
        start-node "$dest" "${names[$i]}"
    done
    ;;
  stop)
    for i in "${!hosts[@]}"; do
      echo "stopping ${names[$i]} on ${hosts[$i]}"
      remote "${hosts[$i]}" "${users[$i]}" sh -c \
        'p="$(cat "$1/run/$2.pid" 2>/dev/null)" || exit 0; kill -TERM "$p" 2>/dev/null || exit 0; for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || exit 0; sleep 1; done; kill -KILL "$p"' \
        stop-node "$dest" "${names[$i]}"
    done
    ;;
  status)
    for i in "${!hosts[@]}"; do
      printf '%-10s %-30s ' "${names[$i]}" "${hosts[$i]}"
      remote "${hosts[$i]}" "${users[$i]}" sh -c \
        'p="$(cat "$1/run/$2.pid" 2>/dev/null)" && kill -0 "$p" 2>/dev/null && echo "up (pid $p)" || echo down' \
        status-node "$dest" "${names[$i]}" || echo unreachable
    done
    ;;
esac
