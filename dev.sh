#!/usr/bin/env bash
# amogui set-up and tasks on Debian (as root, or as a user with sudo).
#
#   ./dev.sh open    install what is missing, then open amogui on the local sandbox
#   ./dev.sh test    install what is missing (test tools too), then lint, type-check, check
#                    the import layers, test
#   ./dev.sh core    the core's tests as on a machine without Qt (PySide6 and qasync blocked)
#   ./dev.sh deps    only install what is missing (test tools too)
#
# Idempotent: a second call installs nothing and starts at once.
set -euo pipefail
cd "$(dirname "$0")"
VENV="${AMOGUI_VENV:-.venv}"

# Qt's offscreen and xcb plugins and the OS handler tools.
QT_PACKAGES=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 xdg-utils
  desktop-file-utils python3 python3-venv)
# Tests: a real X server, OpenSSH for signature checks, poppler for PDF pages,
# Debian's Chromium for the real-browser OAuth leg.
TEST_PACKAGES=(xvfb xauth openssh-client poppler-utils chromium)

# The Qt-free core's tests (they must pass with PySide6 and qasync absent).
CORE_TESTS=(tests/base tests/checklist tests/run tests/settings tests/backend tests/oauth
  tests/sandbox tests/checks tests/report tests/service tests/headless)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 2; }
    sudo=(sudo)
  fi
  say "installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  # PySide6 6.12 aborts at exit on Python 3.11 once qasync served many socket events:
  # prefer 3.12+.
  local candidates=(python3.12 python3.13)
  for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12* "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*; do
    [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3")
  done
  candidates+=(python3)
  for py in "${candidates[@]}"; do
    if "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  echo "no Python >= 3.11 with venv found" >&2; exit 2
}

ensure_venv() {
  local stamp="$VENV/.amogui-installed"
  if [ ! -x "$VENV/bin/python" ]; then
    local py; py=$(pick_python)
    say "creating $VENV with $py"
    "$py" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ setup.py -nt "$stamp" ]; then
    say "installing amogui and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e ".[test]"
    touch "$stamp"
  fi
}

cmd="${1:-open}"; shift || true
case "$cmd" in
  open)
    apt_install "${QT_PACKAGES[@]}"
    ensure_venv
    # Where PYTHONDONTWRITEBYTECODE is set the editable install would compile its
    # sources on every start; compile them once (quick when nothing changed).
    "$VENV/bin/python" -m compileall -q amogui >/dev/null
    exec "$VENV/bin/amogui" --sandbox "$@"
    ;;
  deps)
    apt_install "${QT_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    ensure_venv
    ;;
  test)
    apt_install "${QT_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    ensure_venv
    say "ruff"
    "$VENV/bin/ruff" check amogui tests bench
    say "mypy"
    "$VENV/bin/mypy"
    say "import layers"
    "$VENV/bin/lint-imports" --no-cache
    say "pytest"
    QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest "$@"
    ;;
  core)
    apt_install "${QT_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    ensure_venv
    say "pytest: the core, with PySide6 and qasync blocked"
    "$VENV/bin/python" -m pytest -p no:pytest-qt --no-qt "$@" "${CORE_TESTS[@]}"
    ;;
  *)
    echo "usage: ./dev.sh open|test|core|deps [args...]" >&2; exit 2 ;;
esac
