# Shared shell helpers for the dev scripts. Sourced, not run.

say() { printf '\033[1m[vigil]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[vigil] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Installs Debian packages when a command is missing. Needs root (or sudo); says clearly what to do otherwise.
ensure_apt() { # ensure_apt COMMAND PACKAGE...
  local cmd=$1; shift
  command -v "$cmd" >/dev/null 2>&1 && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "$cmd is missing; install the Debian package(s) $* as root (apt-get install $*)"
    sudo="sudo -n"
  fi
  say "installing Debian package(s) $* (for $cmd)"
  if [ ! -f /tmp/.vigil-apt-updated ]; then
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || die "apt-get update failed; install $* by hand"
    touch /tmp/.vigil-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >&2 \
    || die "could not install $*; install them by hand (apt-get install $*)"
  command -v "$cmd" >/dev/null 2>&1 || die "$* installed but $cmd is still not on PATH"
}

# Installs the npm dependencies (and with them Node 24) when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # `npm install` from the lock file, not `npm ci`: the registry these machines reach serves no macOS or
    # Windows builds of the native packages, so the lock lists only the platforms it has, and `npm ci` refuses
    # such a lock as out of sync. The versions are the lock's either way.
    say "installing npm dependencies (npm install from package-lock.json)"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund >&2 || die "npm install failed"
  fi
  local v
  v=$(node_modules/.bin/node --version) || die "node_modules/.bin/node does not run"
  case "$v" in v24.*) ;; *) die "expected Node 24 from the node devDependency, found $v" ;; esac
  export PATH="$PWD/node_modules/.bin:$PATH"
  # The compiled `vigil` command: bin/vigil.mjs rebuilds dist/cli/ when it is missing or older than its sources.
  node bin/vigil.mjs --version >/dev/null || die "the vigil command does not run (see the line above)"
}

# Go builds kube-apiserver (once). Go >= 1.21 fetches the exact toolchain the build asks for by itself; with no
# Go, or an older one, the toolchain is taken from the Go module proxy, where Go publishes it as the module
# golang.org/toolchain (the same download Go's own toolchain switching makes).
GO_TOOLCHAIN=go1.26.8
ensure_go() {
  if command -v go >/dev/null 2>&1 && go version | grep -Eq 'go1\.(2[1-9]|[3-9][0-9])'; then return 0; fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    *) die "no Go toolchain for $(uname -m): install Go >= 1.21 (https://go.dev/dl/)" ;;
  esac
  local dir="${XDG_CACHE_HOME:-$HOME/.cache}/vigil/$GO_TOOLCHAIN.linux-$arch"
  local module="golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-$arch"
  if [ ! -x "$dir/$module/bin/go" ]; then
    say "Go >= 1.21 is missing: fetching $GO_TOOLCHAIN from the Go module proxy into $dir"
    ensure_apt unzip unzip
    mkdir -p "$dir"
    node -e 'fetch(process.argv[1]).then(async (r) => { if (!r.ok) throw new Error(`HTTP ${r.status}`);
      require("fs").writeFileSync(process.argv[2], Buffer.from(await r.arrayBuffer())); })
      .catch((e) => { console.error(e.message); process.exit(1); })' \
      "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-$arch.zip" "$dir/toolchain.zip" \
      || die "could not download the Go toolchain from proxy.golang.org; install Go >= 1.21 by hand"
    unzip -q -o "$dir/toolchain.zip" -d "$dir" && rm -f "$dir/toolchain.zip"
  fi
  export PATH="$dir/$module/bin:$PATH" GOTOOLCHAIN=local
  go version >&2 || die "the Go toolchain in $dir does not run"
}
