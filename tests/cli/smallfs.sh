# Small file systems for the robustness tests (source after lib.sh). The script re-runs itself in a
# private mount namespace (unshare -m, needs root or user namespaces) so that its tmpfs mounts are
# invisible outside and vanish with it. HAVE_MOUNT=1 when mounting works; else the cases skip.
if [ -z "${BH_IN_MOUNT_NS:-}" ] && unshare -m true 2>/dev/null; then
    rm -rf "$T"
    BH_IN_MOUNT_NS=1 exec unshare -m bash "$0" "$@"
fi
HAVE_MOUNT=0
if [ -n "${BH_IN_MOUNT_NS:-}" ]; then
    mkdir -p "$T/probe"
    if mount -t tmpfs -o size=64k tmpfs "$T/probe" 2>/dev/null; then
        HAVE_MOUNT=1
        umount "$T/probe"
    fi
fi
# small_fs DIR SIZE: a fresh tmpfs of SIZE at DIR (unmounted at exit, before $T is removed).
SMALL_FS=()
small_fs() { mkdir -p "$1" && mount -t tmpfs -o "size=$2" tmpfs "$1" && SMALL_FS+=("$1"); }
trap 'for m in "${SMALL_FS[@]}"; do umount "$m" 2>/dev/null || true; done; rm -rf "$T"' EXIT
skip() { ok "# skip $* (cannot mount a small file system here)"; }
