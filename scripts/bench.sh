#!/usr/bin/env bash
# docktor's whole-process benchmarks (issue 5). The in-process ones are `cargo bench`.
#
#   (1) `docktor check` as a process vs the shell-script grader as a process   (hyperfine)
#   (4) `docktor list` start-up (hyperfine); the tutor's time to its first frame (tmux)
#   (6) peak RSS of the tutor on a lesson (VmHWM) and of `docktor check` (/usr/bin/time)
#   (7) CPU time the tutor uses over IDLE_SECS of idling on a lesson, engine connected
#
# Usage: scripts/bench.sh            (builds with `cargo build --release` first)
#   (3) live grading in the tutor, seen from outside: start event -> the step green on screen
#
# Environment: RUNS (hyperfine runs, default 30), FRAMES (tutor starts, default 20),
#   IDLE_SECS (default 10), LIVE_RUNS (default 20), SKIP_BUILD=1 to use the binary as it is, DOCKTOR_BIN to point
#   elsewhere. Needs a running Docker engine with busybox:latest (never pulled), hyperfine,
#   tmux and jq. Everything it makes is named dt-bench-<pid>-... and removed on exit, even on
#   failure or Ctrl-C. It prints numbers and never fails on a timing.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
runs="${RUNS:-30}"
frames="${FRAMES:-20}"
idle_secs="${IDLE_SECS:-10}"
live_runs="${LIVE_RUNS:-20}"
prefix="dt-bench-$$-"
web="${prefix}web"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/dt-bench.XXXXXX")"
# A tmux server of our own: never touches anyone else's sessions.
tmux_socket="${prefix}tmux"
tm() { tmux -L "$tmux_socket" -f /dev/null "$@"; }
# Progress, workspaces and trust of this run only.
export DOCKTOR_HOME="$tmp/home"
mkdir -p "$DOCKTOR_HOME"

cleanup() {
  set +e
  tm kill-server >/dev/null 2>&1
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$tmux_socket"
  local ids
  ids="$(docker ps -aq --filter "name=^/${prefix}")"
  if [ -n "$ids" ]; then
    # shellcheck disable=SC2086
    docker rm -f -v $ids >/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '%s\n' "$*"; }
die() { say "bench.sh: $*" >&2; exit 1; }
section() { printf '\n## %s\n' "$*"; }
results=()
result() { results+=("$(printf '%-44s %-26s %-12s %s' "$1" "$2" "$3" "$4")"); }

for tool in docker hyperfine tmux jq awk; do
  command -v "$tool" >/dev/null || die "needs $tool"
done
if [ ! -x /usr/bin/time ]; then
  say "installing Debian's time package for /usr/bin/time"
  if [ "$(id -u)" = 0 ]; then apt-get install -y time >/dev/null; else sudo apt-get install -y time >/dev/null; fi
fi
docker image inspect busybox:latest >/dev/null 2>&1 \
  || die "busybox:latest is not on the engine; the benchmarks never pull (run \`docktor images --prepare\`)"

if [ -z "${DOCKTOR_BIN:-}" ]; then
  if [ -z "${SKIP_BUILD:-}" ]; then
    say "building: cargo build --release"
    cargo build --release --quiet
  fi
  DOCKTOR_BIN="$root/target/release/docktor"
fi
[ -x "$DOCKTOR_BIN" ] || die "no binary at $DOCKTOR_BIN"
# A copy of our own: the target folder is shared, and a rebuild must not swap it mid-run.
bin="$tmp/docktor"
cp "$DOCKTOR_BIN" "$bin"

# Containers of earlier runs whose script is gone.
for name in $(docker ps -a --format '{{.Names}}' --filter 'name=^/dt-bench-'); do
  pid="${name#dt-bench-}"; pid="${pid%%-*}"
  if [[ "$pid" =~ ^[0-9]+$ ]] && [ ! -d "/proc/$pid" ]; then docker rm -f -v "$name" >/dev/null || true; fi
done

section "machine"
say "cpus: $(nproc); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); kernel $(uname -r)"
say "engine: $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})'); docker CLI $(docker version --format '{{.Client.Version}}')"
say "$(hyperfine --version); tmux $(tmux -V | cut -d' ' -f2); docktor binary $DOCKTOR_BIN ($(du -h "$bin" | cut -f1)), run from a copy"

# The benchmark lesson and its web server, the same as `cargo bench` uses.
pack="$tmp/pack"
mkdir -p "$pack/bench"
sed "s/__CONTAINER__/$web/g" benches/fixtures/grading-lesson.md >"$pack/bench/lesson.md"
grader="$root/benches/fixtures/grade-step.sh"
docker run -d --name "$web" -p 127.0.0.1::80 busybox sh -c \
  "mkdir -p /www && echo 'hello from docktor bench' > /www/index.html && echo 'bench server ready' && exec httpd -f -p 80 -h /www" >/dev/null
check=("$bin" check bench:1 --lessons "$pack" --trust)
for _ in $(seq 1 60); do
  if "${check[@]}" >/dev/null 2>&1; then break; fi
  sleep 0.5
done
"${check[@]}" >"$tmp/check.out" 2>&1 || { cat "$tmp/check.out"; die "the benchmark step does not pass with docktor check"; }
"$bin" check bench:2 --lessons "$pack" --trust >"$tmp/check.out" 2>&1 || { cat "$tmp/check.out"; die "step 2 does not pass with docktor check"; }
bash "$grader" "$web" >"$tmp/grader.out" 2>&1 || { cat "$tmp/grader.out"; die "the benchmark step does not pass with the shell grader"; }
bash "$grader" "$web" no-exec >"$tmp/grader.out" 2>&1 || { cat "$tmp/grader.out"; die "the shell grader fails without its exec"; }
say "step 1: 5 checks on $web (step 2: the same without the exec); both graders pass"

# Prints "mean p50 p95 min" in ms for command number $2 of hyperfine export $1.
stats_ms() {
  jq -r --argjson i "$2" '.results[$i] | (.times | sort) as $t | ($t | length) as $n
    | [.mean, .median, $t[(((0.95 * $n) | ceil) - 1)], .min] | map(. * 1000 * 100 | round / 100) | @tsv' "$1"
}
print_stats() { # label mean p50 p95 min
  printf '%-46s mean %8s ms  p50 %8s ms  p95 %8s ms  min %8s ms\n' "$1" "$2" "$3" "$4" "$5"
}

section "(1) grading one step as whole processes (hyperfine, $runs runs)"
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/grade.json" \
  -n "docktor check" "${check[*]}" \
  -n "shell-script grader" "bash $grader $web" >"$tmp/grade.txt"
read -r d_mean d_p50 d_p95 d_min < <(stats_ms "$tmp/grade.json" 0)
read -r s_mean s_p50 s_p95 s_min < <(stats_ms "$tmp/grade.json" 1)
print_stats "docktor check bench:1 (process)" "$d_mean" "$d_p50" "$d_p95" "$d_min"
print_stats "bash grade-step.sh (process)" "$s_mean" "$s_p50" "$s_p95" "$s_min"
ratio="$(awk -v s="$s_mean" -v d="$d_mean" 'BEGIN { printf "%.1f", s / d }')"
ratio50="$(awk -v s="$s_p50" -v d="$d_p50" 'BEGIN { printf "%.1f", s / d }')"
say "ratio shell / docktor: mean ${ratio}x, p50 ${ratio50}x"
result "(1) grading, whole process: shell/docktor" "${ratio}x (mean)" ">= 10x" \
  "$(awk -v r="$ratio" 'BEGIN { print (r >= 10 ? "met" : "MISSED") }')"

section "(1) the same step without its exec check, as whole processes (hyperfine, $runs runs)"
hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$tmp/grade2.json" \
  -n "docktor check (no exec)" "$bin check bench:2 --lessons $pack --trust" \
  -n "shell-script grader (no exec)" "bash $grader $web no-exec" >"$tmp/grade2.txt"
read -r d2_mean d2_p50 d2_p95 d2_min < <(stats_ms "$tmp/grade2.json" 0)
read -r s2_mean s2_p50 s2_p95 s2_min < <(stats_ms "$tmp/grade2.json" 1)
print_stats "docktor check bench:2 (process)" "$d2_mean" "$d2_p50" "$d2_p95" "$d2_min"
print_stats "bash grade-step.sh no-exec (process)" "$s2_mean" "$s2_p50" "$s2_p95" "$s2_min"
ratio2="$(awk -v s="$s2_mean" -v d="$d2_mean" 'BEGIN { printf "%.1f", s / d }')"
say "ratio shell / docktor without the exec: mean ${ratio2}x"
result "(1) same, step without its exec" "${ratio2}x (mean)" ">= 10x" \
  "$(awk -v r="$ratio2" 'BEGIN { print (r >= 10 ? "met" : "MISSED") }')"

section "(4) start-up: docktor list (hyperfine, 100 runs)"
hyperfine -N --style basic --warmup 10 --runs 100 --export-json "$tmp/list.json" \
  -n "docktor list" "$bin list" >"$tmp/list.txt"
read -r l_mean l_p50 l_p95 l_min < <(stats_ms "$tmp/list.json" 0)
print_stats "docktor list (process)" "$l_mean" "$l_p50" "$l_p95" "$l_min"
result "(4) docktor list, whole process" "${l_mean} ms (mean)" "< 20 ms" \
  "$(awk -v m="$l_mean" 'BEGIN { print (m < 20 ? "met" : "MISSED") }')"

section "(6) peak RSS of docktor check (/usr/bin/time, 10 runs)"
rss_max=0
for _ in $(seq 1 10); do
  /usr/bin/time -f '%M' -o "$tmp/rss" "${check[@]}" >/dev/null 2>&1 || true
  kb="$(tail -n 1 "$tmp/rss")"
  [ "$kb" -gt "$rss_max" ] && rss_max="$kb"
done
sh_rss=0
for _ in $(seq 1 5); do
  /usr/bin/time -f '%M' -o "$tmp/rss" bash "$grader" "$web" >/dev/null 2>&1 || true
  kb="$(tail -n 1 "$tmp/rss")"
  [ "$kb" -gt "$sh_rss" ] && sh_rss="$kb"
done
say "docktor check: peak RSS $(awk -v k="$rss_max" 'BEGIN { printf "%.1f MB", k / 1024 }') (max of 10 runs)"
say "shell grader: largest single process $(awk -v k="$sh_rss" 'BEGIN { printf "%.1f MB", k / 1024 }') (the docker CLI; max of 5 runs)"
result "(6) peak RSS, docktor check" "$(awk -v k="$rss_max" 'BEGIN { printf "%.1f MB", k / 1024 }')" "< 30 MB" \
  "$(awk -v k="$rss_max" 'BEGIN { print (k < 30 * 1024 ? "met" : "MISSED") }')"

# ---- the tutor, in a tmux of our own -------------------------------------------------------

# Starts the tutor in session $1 (extra arguments follow); prints its pid.
start_tutor() {
  local session="$1"; shift
  local env_args=(env "DOCKTOR_HOME=$DOCKTOR_HOME/$session" "DOCKTOR_FIRST_FRAME_FILE=$tmp/frame-$session" TERM=xterm-256color)
  rm -f "$tmp/frame-$session"
  tm new-session -d -s "$session" -x 120 -y 40 "exec $(printf '%q ' "${env_args[@]}" "$bin" "$@")" || return 0
  tm display-message -p -t "$session" '#{pane_pid}' 2>/dev/null || true
}
# Waits (up to 5 s) for the tutor's first frame; prints the microseconds it wrote.
first_frame() {
  local file="$tmp/frame-$1"
  for _ in $(seq 1 500); do
    if [ -s "$file" ]; then sleep 0.01; tr -dc '0-9' <"$file"; return 0; fi
    sleep 0.01
  done
  return 1
}
# Prints utime+stime of pid $1 in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# Prints one line per thread of pid $1: tid, nanoseconds on a CPU, context switches.
task_sample() {
  local task tid ns sw
  for task in /proc/"$1"/task/*; do
    tid="${task##*/}"
    ns="$(cut -d' ' -f1 "$task/schedstat" 2>/dev/null)" || continue
    sw="$(awk '/ctxt_switches/ { s += $2 } END { print s + 0 }' "$task/status" 2>/dev/null)" || continue
    echo "$tid $ns $sw"
  done
}
# Prints "ms switches" used between two task samples (files $1, $2). Threads that ended in
# between are left out (an idle thread ending is a wake-up or two, nothing more).
task_delta() {
  awk 'NR == FNR { ns[$1] = $2; sw[$1] = $3; next }
       { dn += $2 - ns[$1]; ds += $3 - sw[$1] }
       END { printf "%.3f %d\n", dn / 1e6, ds }' "$1" "$2"
}

# Prints "min p50 p95 mean" in ms of the microsecond values given.
us_stats() {
  printf '%s\n' "$@" | sort -n | awk '
    { v[NR] = $1; s += $1 } END { i = int(0.95 * NR); if (i < 0.95 * NR) i++;
      printf "%.2f %.2f %.2f %.2f\n", v[1] / 1000, v[int((NR + 1) / 2)] / 1000, v[i] / 1000, s / NR / 1000 }'
}
# Waits up to 10 s until the screen of session $1 does (or with "!" as $2, does not) show $3.
wait_screen() {
  local session="$1" negate="$2" text="$3"
  for _ in $(seq 1 1000); do
    if tm capture-pane -p -t "$session" | grep -qE "$text"; then
      [ "$negate" = "!" ] || return 0
    else
      [ "$negate" != "!" ] || return 0
    fi
    sleep 0.01
  done
  return 1
}

section "(4) the tutor's time to first frame ($frames starts, bundled course, 120x40 tmux)"
tutor_ready=1
frame_us=()
for i in $(seq 1 "$frames"); do
  session="frame$i"
  pid="$(start_tutor "$session")"
  if us="$(first_frame "$session")"; then
    frame_us+=("$us")
  else
    tutor_ready=0
  fi
  tm kill-session -t "$session" >/dev/null 2>&1 || true
  [ "$tutor_ready" = 1 ] || break
done
if [ "$tutor_ready" = 0 ]; then
  why="$("$bin" </dev/null 2>&1 | head -n 2 || true)"
  say "the tutor drew no first frame within 5 s (pid ${pid:-?}); it says: ${why:-nothing}"
  say "first frame, tutor RSS and tutor idle CPU: NOT MEASURED (the tutor is not ready)"
  result "(4) tutor first frame" "not measured" "< 50 ms" "missing: tutor not ready"
  result "(6) peak RSS, tutor on a lesson" "not measured" "< 30 MB" "missing: tutor not ready"
  result "(7) tutor idle CPU over ${idle_secs} s" "not measured" "~0" "missing: tutor not ready"
else
  read -r f_min f_p50 f_p95 f_mean < <(us_stats "${frame_us[@]}")
  print_stats "tutor: process start -> first frame" "$f_mean" "$f_p50" "$f_p95" "$f_min"
  result "(4) tutor first frame" "${f_p50} ms (p50)" "< 50 ms" \
    "$(awk -v m="$f_p50" 'BEGIN { print (m < 50 ? "met" : "MISSED") }')"

  section "(6)+(7) the tutor on the benchmark lesson: peak RSS, and CPU over ${idle_secs} s of idling"
  session="lesson"
  pid="$(start_tutor "$session" --lessons "$pack" --trust)"
  first_frame "$session" >/dev/null || say "(no first frame?)"
  tm send-keys -t "$session" Enter 2>/dev/null || true   # open the lesson from the list
  sleep 3                             # it grades the step and settles
  if [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then
    say "the tutor is gone (a crash, or the binary changed under it): RSS, idle CPU and live grading in the tutor NOT MEASURED"
    result "(6) peak RSS, tutor on a lesson" "not measured" "< 30 MB" "missing: tutor exited"
    result "(7) tutor idle CPU over ${idle_secs} s" "not measured" "~0" "missing: tutor exited"
    result "(3) tutor: event -> verdict on screen" "not measured" "p95 < 100 ms" "missing: tutor exited"
  else
    tm capture-pane -p -t "$session" >"$tmp/screen.txt"
    say "screen after opening the lesson (first and last lines):"
    head -n 3 "$tmp/screen.txt" | sed 's/^/  | /'
    grep -v '^\s*$' "$tmp/screen.txt" | tail -n 2 | sed 's/^/  | /'
    threads0="$(awk '/Threads/ { print $2 }' "/proc/$pid/status")"
    ticks0="$(cpu_ticks "$pid")"; task_sample "$pid" >"$tmp/tasks0"
    sleep "$idle_secs"
    ticks1="$(cpu_ticks "$pid")"; task_sample "$pid" >"$tmp/tasks1"
    read -r idle_ns_ms idle_switches < <(task_delta "$tmp/tasks0" "$tmp/tasks1")
    hz="$(getconf CLK_TCK)"
    hwm_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")"
    rss_kb="$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")"
    threads="$(awk '/Threads/ { print $2 }' "/proc/$pid/status")"
    idle_ms="$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$hz" 'BEGIN { printf "%.0f", (b - a) * 1000 / hz }')"
    say "tutor peak RSS (VmHWM) $(awk -v k="$hwm_kb" 'BEGIN { printf "%.1f MB", k / 1024 }'), now $(awk -v k="$rss_kb" 'BEGIN { printf "%.1f MB", k / 1024 }'), $threads0 threads, then $threads threads"
    say "tutor idle ${idle_secs} s: utime+stime $idle_ms ms ($((ticks1 - ticks0)) ticks of 1/$hz s); on-CPU $idle_ns_ms ms by schedstat; $idle_switches context switches"
    result "(6) peak RSS, tutor on a lesson" "$(awk -v k="$hwm_kb" 'BEGIN { printf "%.1f MB", k / 1024 }')" "< 30 MB" \
      "$(awk -v k="$hwm_kb" 'BEGIN { print (k < 30 * 1024 ? "met" : "MISSED") }')"
    result "(7) tutor idle CPU over ${idle_secs} s" "${idle_ms} ms, $idle_switches wakeups" "~0 (no polling)" \
      "$(awk -v n="$idle_ns_ms" -v s="$idle_secs" 'BEGIN { print (n < 10 * s ? "met" : "MISSED") }')"

    section "(3) live grading in the tutor, seen from outside ($live_runs runs)"
    say "the lesson's server is killed, the step turns red, then \`docker start\` from another terminal;"
    say "measured from the start event's own time (docker events TimeNano) to 'Checks 5/5 passing' on screen"
    green='Checks ([0-9]+)/\1 passing'
    docker events --filter "container=$web" --filter event=start --format '{{.TimeNano}}' >"$tmp/events" &
    events_pid=$!
    sleep 0.5
    live_us=()
    for _ in $(seq 1 "$live_runs"); do
      docker kill "$web" >/dev/null
      wait_screen "$session" "!" "$green" || { say "the step did not turn red after docker kill"; break; }
      before="$(wc -l <"$tmp/events")"
      docker start "$web" >/dev/null &
      start_pid=$!
      seen=""
      for _ in $(seq 1 2000); do
        if tm capture-pane -p -t "$session" | grep -qE "$green"; then seen="$(date +%s%N)"; break; fi
        sleep 0.002
      done
      wait "$start_pid"
      [ -n "$seen" ] || { say "the step did not turn green within 10 s of docker start"; break; }
      for _ in $(seq 1 100); do [ "$(wc -l <"$tmp/events")" -gt "$before" ] && break; sleep 0.01; done
      event_ns="$(sed -n "$((before + 1))p" "$tmp/events")"
      live_us+=("$(((seen - event_ns) / 1000))")
    done
    kill "$events_pid" 2>/dev/null || true
    wait "$events_pid" 2>/dev/null || true
    if [ "${#live_us[@]}" -gt 0 ]; then
      read -r v_min v_p50 v_p95 v_mean < <(us_stats "${live_us[@]}")
      print_stats "tutor: start event -> green on screen" "$v_mean" "$v_p50" "$v_p95" "$v_min"
      say "(screen polled every ~5 ms with tmux capture-pane: add up to that much)"
      result "(3) tutor: event -> verdict on screen" "${v_p95} ms (p95)" "p95 < 100 ms" \
        "$(awk -v m="$v_p95" 'BEGIN { print (m < 100 ? "met" : "MISSED") }')"
    else
      result "(3) tutor: event -> verdict on screen" "not measured" "p95 < 100 ms" "missing"
    fi
    hwm_end_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")"
    say "tutor peak RSS (VmHWM) over the whole session: $(awk -v k="$hwm_end_kb" 'BEGIN { printf "%.1f MB", k / 1024 }')"
    result "(6) peak RSS, tutor after live grading" "$(awk -v k="$hwm_end_kb" 'BEGIN { printf "%.1f MB", k / 1024 }')" "< 30 MB" \
      "$(awk -v k="$hwm_end_kb" 'BEGIN { print (k < 30 * 1024 ? "met" : "MISSED") }')"
  fi
  tm kill-session -t "$session" >/dev/null 2>&1 || true
fi

section "summary"
printf '%-44s %-26s %-12s %s\n' "figure" "value" "target" "verdict"
printf '%s\n' "${results[@]}"
