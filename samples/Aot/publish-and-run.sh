#!/usr/bin/env bash
# Publishes samples/Aot with Native AOT and runs it against the sample server (samples/server). Called by .ci/run;
# exits non-zero when the native toolchain cannot be set up, the publish fails (any trimming/AOT warning is an error)
# or a check of the sample fails.
#
# Native AOT on Linux needs a C compiler/linker driver (ILCompiler calls `clang` unless told otherwise), zlib's
# headers and objcopy. What is missing is installed from Debian packages (CI runs as root on Debian); a versioned
# clang (clang-14, ...) already on the machine is used as it is.
set -o pipefail
set -eu

cd "$(dirname "$0")/../.."
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/tusk-aot.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

apt_install() {
  echo "AOT sample: installing $* from Debian packages"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! $sudo apt-get install -y --no-install-recommends "$@" </dev/null; then
    $sudo apt-get update </dev/null && $sudo apt-get install -y --no-install-recommends "$@" </dev/null
  fi
}

compiler=""
if command -v clang >/dev/null 2>&1; then
  compiler=clang
else
  compiler="$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1 || true)"
  if [ -z "$compiler" ]; then
    apt_install clang
    compiler=clang
  fi
fi
packages=()
[ -e /usr/include/zlib.h ] || packages+=(zlib1g-dev)
command -v objcopy >/dev/null 2>&1 || command -v llvm-objcopy >/dev/null 2>&1 || packages+=(binutils)
if [ "${#packages[@]}" -gt 0 ]; then apt_install "${packages[@]}"; fi
echo "AOT sample: native compiler/linker $compiler"

time_start=$SECONDS
dotnet publish samples/Aot/Aot.csproj -c Release --use-current-runtime -o "$work/app" \
  -p:CppCompilerAndLinker="$compiler" </dev/null
echo "AOT sample: published in $((SECONDS - time_start)) s ($(du -h "$work/app/Tusk.Samples.Aot" | cut -f1))"

if [ ! -d samples/server/node_modules/socket.io ]; then
  (cd samples/server && npm ci --no-audit --no-fund </dev/null)
fi
node samples/server/server.js 0 --keep-running >"$work/server.log" 2>&1 </dev/null &
server_pid=$!
url=""
for _ in $(seq 1 200); do # up to 20 s
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -n 1 || true)"
  if [ -n "$url" ] || ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "AOT sample: the sample server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

# The sample bounds each of its waits; the outer limit only guards against a hang in the process itself.
timeout 120 "$work/app/Tusk.Samples.Aot" "$url" </dev/null
