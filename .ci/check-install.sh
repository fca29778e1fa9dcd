#!/usr/bin/env bash
# Proves the README's install steps on a machine with an empty NuGet cache: pack the repository into a folder, add
# that folder as a package source next to nuget.org in a fresh console app's nuget.config, add Tusk.SocketIO, build
# the README's usage snippet against the packages and run it against the bundled sample server. Installs the tusk
# tool (Tusk.Cli) from the same folder and runs emit, listen and bench against that server (docs/cli.md). Then pack
# again after a change and check that the app moves to the new version with the same NuGet cache (a re-pack is not
# shadowed).
# Every command is bounded; the script exits non-zero on the first failure.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d "${TMPDIR:-/tmp}/tusk-install.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}

trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cache="$work/nuget-cache"   # the consumer's NuGet cache: empty, as on a new machine
step() { echo "[install] $*"; }
bounded() { timeout --kill-after=10 "$1" "${@:2}"; }
consumer() { NUGET_PACKAGES="$cache" timeout --kill-after=10 "$1" "${@:2}"; }

newest_version() { # the highest local version of a package in the folder
  ls "$1" | sed -nE "s/^$2\.([0-9].*-local\.[0-9]+)\.nupkg$/\1/p" | sort -V | tail -n 1
}

[ -z "$(ls -A "$cache" 2>/dev/null)" ] || { echo "$cache is not empty" >&2; exit 1; }
step "dotnet pack Toolkit.sln -c Release -o <folder>"
bounded 600 dotnet pack Toolkit.sln -c Release -o "$work/packages" --nologo -v quiet
first="$(newest_version "$work/packages" Tusk.SocketIO)"
[ -n "$first" ] || { echo "no Tusk.SocketIO package with a -local. version in $work/packages" >&2; exit 1; }
step "packed Tusk.SocketIO $first"

step "a fresh console app with nuget.org and the folder as sources"
bounded 120 dotnet new console -o "$work/app" -n App --no-restore >/dev/null
cd "$work/app"
bounded 60 dotnet new nugetconfig >/dev/null
bounded 60 dotnet nuget add source "$work/packages" --name tusk-local --configfile nuget.config >/dev/null
grep -q 'nuget.org' nuget.config || { echo "nuget.config lost the nuget.org source" >&2; exit 1; }

step "dotnet add package Tusk.SocketIO --prerelease (empty cache: the dependencies come from nuget.org)"
consumer 300 dotnet add package Tusk.SocketIO --prerelease >/dev/null
consumer 300 dotnet add package Tusk.Extensions.DependencyInjection --prerelease >/dev/null
grep -q "Include=\"Tusk.SocketIO\" Version=\"$first\"" App.csproj || { echo "App.csproj does not reference Tusk.SocketIO $first:" >&2; cat App.csproj >&2; exit 1; }

step "the README's usage snippet, built against the packages, run against the sample server"
sed -n '/<!-- snippet: readme-usage -->/,/^```$/p' "$root/README.md" | sed '1,2d;$d' > Program.cs
[ -s Program.cs ] || { echo "README.md has no readme-usage snippet" >&2; exit 1; }
( cd "$root/samples/server" && { [ -d node_modules ] || bounded 300 npm ci --no-audit --no-fund --loglevel=error; } )
coproc SERVER { exec node "$root/samples/server/server.js" 0 </dev/null 2>&1; }
server_pid=$SERVER_PID
port=""
while IFS= read -r -t 30 line <&"${SERVER[0]}"; do  # the ready line, within 30 s
  port="$(sed -nE 's/.*ready on http:\/\/127\.0\.0\.1:([0-9]+).*/\1/p' <<<"$line")"
  [ -n "$port" ] && break
done
[ -n "$port" ] || { echo "the sample server printed no ready line" >&2; exit 1; }
sed -i "s/localhost:3000/localhost:$port/" Program.cs
consumer 300 dotnet build -c Release --nologo -v quiet >/dev/null
output="$(consumer 60 dotnet run -c Release --no-build)"
echo "$output" | sed 's/^/[app] /'
grep -qx 'ack me' <<<"$output" && grep -qx 'Tusk speaks socket.io' <<<"$output" || { echo "the usage snippet did not print what the README says" >&2; exit 1; }

step "the tusk tool: dotnet tool install Tusk.Cli from the folder (empty cache), then tusk against the sample server"
tool="$(newest_version "$work/packages" Tusk.Cli)"
[ -n "$tool" ] || { echo "no Tusk.Cli tool package with a -local. version in $work/packages" >&2; exit 1; }
( cd "$work" && consumer 300 dotnet tool install Tusk.Cli --prerelease --tool-path "$work/tools" --add-source "$work/packages" >/dev/null )
tusk="$work/tools/tusk"
"$tusk" --help | grep -q 'bench' || { echo "tusk --help does not list its commands" >&2; exit 1; }
reply="$(bounded 60 "$tusk" emit "http://localhost:$port" echo '"from the tool"' 42 --ack)"
echo "[tusk emit] $reply"
[ "$reply" = '{"namespace":"/","event":"echo","ack":["from the tool",42],"attachments":[]}' ] || { echo "tusk emit --ack printed something else" >&2; exit 1; }
headline="$(bounded 60 "$tusk" listen "http://localhost:$port" --namespace /news --count 1 --json --timeout 20)"
echo "[tusk listen] $headline"
grep -q '"args":\["Tusk speaks socket.io"\]' <<<"$headline" || { echo "tusk listen did not print the headline" >&2; exit 1; }
bench="$(bounded 120 "$tusk" bench "http://localhost:$port" --clients 5 --ramp 0 --duration 1 --rate 5 2>/dev/null)"
echo "$bench" | sed 's/^/[tusk bench] /'
grep -q '5 connected at peak' <<<"$bench" && grep -q 'errors       none' <<<"$bench" || { echo "tusk bench did not report 5 clients without errors" >&2; exit 1; }

step "pack again after a change: a new version, and the same cache does not shadow it"
touch "$root/src/SocketIO/README.md"   # packed as the package's README; the version follows the newest source
cd "$root"
bounded 600 dotnet pack Toolkit.sln -c Release -o "$work/packages" --no-build --nologo -v quiet
second="$(newest_version "$work/packages" Tusk.SocketIO)"
[ "$second" != "$first" ] || { echo "re-packing after a change kept the version $first" >&2; exit 1; }
cd "$work/app"
consumer 300 dotnet add package Tusk.SocketIO --prerelease >/dev/null   # restores the app, too
grep -q "\"Tusk.SocketIO/$second\"" obj/project.assets.json || { echo "the app did not move to Tusk.SocketIO $second" >&2; exit 1; }
step "ok: $first, then $second after a change"
