# Shared by scripts/*: sourced, not run.

# Cargo's own bin folder (tauri-driver lands there) even in a bare shell.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Silences WebKitGTK's accessibility-bus warning on headless machines.
export NO_AT_BRIDGE=1

# The one cargo invocation every script builds with. Building the whole
# workspace with all targets, everywhere, keeps Cargo's feature resolution
# identical between `npm start`, `npm test` and CI, so dependencies are
# compiled once, not once per invocation (see shared/PLATFORM.md).
cargo_build() {
  cargo build --workspace --all-targets "$@"
}

step() {
  printf '\n\033[1m==> %s\033[0m\n' "$*"
}

# Where Cargo puts build outputs, honouring CARGO_TARGET_DIR.
target_dir() {
  local dir="${CARGO_TARGET_DIR:-target}"
  case "$dir" in
    /*) printf '%s\n' "$dir" ;;
    *) printf '%s/%s\n' "$PWD" "$dir" ;;
  esac
}

# Runs a command as root: directly when we are root (CI), else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
