#!/usr/bin/env bash
# Measures the agent's footprint; builds nothing.
#   measure-footprint.sh [AGENT_JAR] [COLLECTOR_JAR]
# 1. one live `collect` under /usr/bin/time -v: peak RSS and user+sys CPU (JVM and its children — apt, rpm,
#    systemctl — together, as time(1) counts waited-for children), and the JVM's own share (without children)
#    as printed by `collect --timings` (line "jvm-process");
# 2. idle RSS of `run` mode with the systemd unit's JVM flags: a throw-away collector on loopback, a token, an
#    enrolment, `run`; after the first report is acked (spool empty) and IDLE_WAIT seconds, VmRSS is sampled.
# Everything it starts is stopped by PID; data lives in a temp dir that is removed.
# Env: PORT (default 18443), IDLE_WAIT (default 30), SAMPLES (default 5), AGENT_JAVA_OPTS (default: the unit's).
set -euo pipefail

AGENT_JAR=${1:-agent/target/sentinel-agent.jar}
COLLECTOR_JAR=${2:-collector/target/sentinel-collector.jar}
PORT=${PORT:-18443}
IDLE_WAIT=${IDLE_WAIT:-30}
SAMPLES=${SAMPLES:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
# The unit's flags are the single source of truth: read them from the JAVA_OPTS line of the unit file.
UNIT_OPTS=$(sed -n 's/^Environment="JAVA_OPTS=\(.*\)"$/\1/p' "$HERE/sentinel-agent.service")
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:-$UNIT_OPTS}
UNIT_MALLOC=$(sed -n 's/^Environment=MALLOC_ARENA_MAX=\([0-9]*\)$/\1/p' "$HERE/sentinel-agent.service")

for f in "$AGENT_JAR" "$COLLECTOR_JAR"; do
    [[ -f $f ]] || { echo "missing $f (build with: mvn -q -DskipTests package)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/sentinel-footprint.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]:-}"; do
        [[ -n $p ]] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

field() { sed -n "s/^[[:space:]]*$1: *//p" "$2"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# utime+stime (fields 14,15) and cutime+cstime (16,17) of a live PID, in clock ticks
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12+$13, $14+$15 }' "/proc/$1/stat"; }
TCK=$(getconf CLK_TCK)

run_collect() { # $1 label, $2 java opts
    local label=$1 opts=$2
    local out="$TMP/collect-$label"
    # shellcheck disable=SC2086
    env MALLOC_ARENA_MAX="${UNIT_MALLOC:-}" /usr/bin/time -v -o "$out.time" \
        java $opts -jar "$AGENT_JAR" collect --cache-dir "$TMP/cache" --timings --out "$out.json" \
        2> "$out.timings"
    local user sys maxrss
    user=$(field "User time (seconds)" "$out.time")
    sys=$(field "System time (seconds)" "$out.time")
    maxrss=$(field "Maximum resident set size (kbytes)" "$out.time")
    local wall; wall=$(field "Elapsed (wall clock) time (h:mm:ss or m:ss)" "$out.time")
    local jvm; jvm=$(awk '/jvm-process/ {print $(NF-1)}' "$out.timings")
    printf '| collect (%s) | %s s | %s s | %.2f s | %s | %d MiB |\n' "$label" "$user" "$sys" \
        "$(echo "${jvm:-0} / 1000" | bc -l)" "$wall" $((maxrss / 1024)) >> "$TMP/table"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$TMP/table"
mkdir -p "$TMP/cache"
# first run fills the pending-updates cache (apt/yum solve); the second is the steady state of a daily report
if [[ -z ${SKIP_COLLECT:-} ]]; then
    run_collect "cold cache, unit flags" "$AGENT_JAVA_OPTS"
    run_collect "warm cache, unit flags" "$AGENT_JAVA_OPTS"
    run_collect "warm cache, -Xmx64m only" "-Xmx64m"
fi


# ---- collector
mkdir -p "$TMP/collector" "$TMP/agent"
java -Xmx256m -jar "$COLLECTOR_JAR" serve --data-dir "$TMP/collector" --listen "127.0.0.1:$PORT" \
    > "$TMP/serve.out" 2> "$TMP/serve.err" &
PIDS+=($!)
SERVE_PID=$!
for _ in $(seq 1 120); do
    grep -q '^CA fingerprint:' "$TMP/serve.out" 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || { cat "$TMP/serve.err" >&2; exit 1; }
    sleep 0.5
done
FPR=$(sed -n 's/^CA fingerprint: //p' "$TMP/serve.out" | head -1)
[[ -n $FPR ]] || { echo "collector did not start" >&2; cat "$TMP/serve.err" >&2; exit 1; }
java -jar "$COLLECTOR_JAR" token create --data-dir "$TMP/collector" --listen "127.0.0.1:$PORT" \
    > "$TMP/token" 2> /dev/null
chmod 600 "$TMP/token"
cat > "$TMP/agent.yaml" <<EOF
collector: 127.0.0.1:$PORT
stateDir: $TMP/agent
reportOnStart: true
heartbeatSeconds: 300
defaultIntervalSeconds: 86400
EOF
java -jar "$AGENT_JAR" enroll --config "$TMP/agent.yaml" --ca-fingerprint "$FPR" --token-file "$TMP/token" \
    > "$TMP/enroll.out" 2>&1 || { cat "$TMP/enroll.out" >&2; exit 1; }

# ---- agent in run mode, with the unit's flags and environment
# shellcheck disable=SC2086
env MALLOC_ARENA_MAX="${UNIT_MALLOC:-}" java $AGENT_JAVA_OPTS -jar "$AGENT_JAR" run --config "$TMP/agent.yaml" \
    > "$TMP/run.out" 2> "$TMP/run.err" &
PIDS+=($!)
RUN_PID=$!
T0=$(date +%s)
acked=""
for _ in $(seq 1 240); do
    kill -0 "$RUN_PID" 2>/dev/null || { cat "$TMP/run.err" >&2; exit 1; }
    if grep -q 'stored by the collector' "$TMP/run.err"; then
        acked=$(( $(date +%s) - T0 )); break
    fi
    sleep 0.5
done
[[ -n $acked ]] || { echo "first report not acked" >&2; tail -20 "$TMP/run.err" >&2; exit 1; }
read -r OWN_AFTER_REPORT CHILD_AFTER_REPORT < <(cpu_ticks "$RUN_PID")
PEAK_AFTER_REPORT=$(awk '/^VmHWM:/ {print $2}' "/proc/$RUN_PID/status")
sleep "$IDLE_WAIT"
samples=()
for _ in $(seq 1 "$SAMPLES"); do
    samples+=("$(rss_kib "$RUN_PID")")
    sleep 2
done
read -r OWN_IDLE CHILD_IDLE < <(cpu_ticks "$RUN_PID")
THREADS=$(awk '/^Threads:/ {print $2}' "/proc/$RUN_PID/status")
# diagnosis: AGENT_JAVA_OPTS="... -XX:NativeMemoryTracking=summary" NMT=1 prints where the idle memory is
if [[ -n ${NMT:-} ]]; then
    jcmd "$RUN_PID" VM.native_memory summary > "$TMP/nmt" 2>&1 || true
    jcmd "$RUN_PID" Thread.print 2>/dev/null | grep '^"' | sed 's/ #.*//' > "$TMP/threads" || true
fi
# a repeat collection in the warm daemon (what a daily report costs): the collector asks for a scan now
SCAN_T0=$(date +%s)
java -jar "$COLLECTOR_JAR" scan --all --data-dir "$TMP/collector" --listen "127.0.0.1:$PORT" > "$TMP/scan.out" 2>&1 || true
scanned=""
for _ in $(seq 1 240); do
    if [[ $(grep -c 'stored by the collector' "$TMP/run.err") -ge 2 ]]; then scanned=$(( $(date +%s) - SCAN_T0 )); break; fi
    sleep 0.5
done
read -r OWN_SCAN CHILD_SCAN < <(cpu_ticks "$RUN_PID")
sleep 10
RSS_AFTER_SCAN=$(rss_kib "$RUN_PID")
min=${samples[0]}; max=${samples[0]}
for s in "${samples[@]}"; do ((s < min)) && min=$s; ((s > max)) && max=$s; done

echo
echo "agent JAVA_OPTS: $AGENT_JAVA_OPTS"
echo "MALLOC_ARENA_MAX=${UNIT_MALLOC:-unset}"
echo
echo "| run | user (JVM + children) | sys (JVM + children) | JVM own CPU | wall | peak RSS |"
echo "|---|---|---|---|---|---|"
cat "$TMP/table"
echo
printf '| run mode (unit flags) | value |\n|---|---|\n'
printf '| first report acked after | %s s |\n' "$acked"
printf '| JVM own CPU: start, first collection, TLS, send | %.2f s |\n' "$(echo "$OWN_AFTER_REPORT / $TCK" | bc -l)"
printf '| children CPU (apt, rpm, systemctl… waited for) | %.2f s |\n' "$(echo "$CHILD_AFTER_REPORT / $TCK" | bc -l)"
printf '| JVM CPU while idle %s s | %.2f s |\n' "$((IDLE_WAIT + 2 * SAMPLES))" "$(echo "($OWN_IDLE - $OWN_AFTER_REPORT) / $TCK" | bc -l)"
if [[ -n $scanned ]]; then
    printf '| repeat collection (scan now): JVM own CPU | %.2f s |\n' "$(echo "($OWN_SCAN - $OWN_IDLE) / $TCK" | bc -l)"
    printf '| repeat collection: children CPU | %.2f s |\n' "$(echo "($CHILD_SCAN - $CHILD_IDLE) / $TCK" | bc -l)"
    printf '| RSS 10 s after the repeat collection | %d MiB |\n' $((RSS_AFTER_SCAN / 1024))
else
    echo "| repeat collection | not acked: $(head -c 200 "$TMP/scan.out") |"
fi
printf '| peak RSS (VmHWM) | %d MiB |\n' $((PEAK_AFTER_REPORT / 1024))
printf '| idle RSS (VmRSS, %d samples after %s s) | %d–%d MiB |\n' "$SAMPLES" "$IDLE_WAIT" $((min / 1024)) $((max / 1024))
printf '| threads while idle | %s |\n' "$THREADS"
echo
echo "per-probe timings (warm cache run, ms):"
head -40 "$TMP/collect-warm cache, unit flags.timings" 2>/dev/null || true
if [[ -n ${NMT:-} ]]; then
    grep -E "committed=" "$TMP/nmt" | grep -vE "^ +[(]" | head -40; head -5 "$TMP/nmt"; cat "$TMP/threads"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
