# In a mount namespace of its own (still root of the step's user namespace, still seeing the host):
# mounts /proc, a minimal /dev, resolv.conf, hosts and the cache mounts over the stage; starts the command's shell with
# the capabilities a container's root has (no CAP_SYS_ADMIN, so no mount, no chroot, no ptrace of
# these helpers), no new privileges and a session of its own; waits until that shell is ready; moves
# the root of this mount namespace (its own and that shell's) into the stage with pivot_root; lets
# pid1.sh unmount the host from outside (no program of the host can run here after the pivot); then
# lets the shell go. File descriptors 6 and 7 lead to pid1.sh.
#
# Arguments: as pid1.sh (run stage rundir workdir command NAME=VALUE...).
set -u
unset IFS
PATH=/usr/sbin:/usr/bin:/sbin:/bin
stage=$2 run=$3 workdir=$4 command=$5
shift 5
fail() {
  echo "imagesmith-isolation: $*" >&2
  echo failed >&6
  exit 125
}
mount --bind "$stage" "$stage" || fail "cannot bind the stage onto itself"
mount -t proc -o nosuid,nodev,noexec proc "$stage/proc" || fail "cannot mount /proc"
mount -t tmpfs -o mode=0755,nosuid,size=1m tmpfs "$stage/dev" || fail "cannot mount /dev"
for node in null zero full random urandom tty; do
  : > "$stage/dev/$node" || fail "cannot make /dev/$node"
  # Read-only: the command cannot chmod or chown the host's device node through the bind.
  mount --bind -o ro "/dev/$node" "$stage/dev/$node" || fail "cannot bind /dev/$node"
done
mkdir "$stage/dev/shm" "$stage/dev/.imagesmith-oldroot" || fail "cannot make /dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$stage/dev/shm" || fail "cannot mount /dev/shm"
ln -s /proc/self/fd "$stage/dev/fd" && ln -s /proc/self/fd/0 "$stage/dev/stdin" \
  && ln -s /proc/self/fd/1 "$stage/dev/stdout" && ln -s /proc/self/fd/2 "$stage/dev/stderr" \
  || fail "cannot link /dev/fd"
for file in resolv.conf hosts; do
  if [ -f "$run/$file" ]; then
    mount --bind -o ro "$run/$file" "$stage/etc/$file" || fail "cannot bind /etc/$file"
  fi
done
# Cache mounts: the host directory N.source at the stage path N.target, read-write. The mount follows
# links in the host's view, so every component of the target must be a directory of the stage, never a
# link (the plugin resolved it inside the stage and nothing runs there meanwhile; this checks again).
n=0
while [ -f "$run/caches/$n.source" ]; do
  source=$(cat "$run/caches/$n.source") && target=$(cat "$run/caches/$n.target") \
    || fail "cannot read cache mount $n"
  path=$stage rest=${target#/}
  while [ -n "$rest" ]; do
    part=${rest%%/*}
    case $rest in */*) rest=${rest#*/} ;; *) rest= ;; esac
    path=$path/$part
    [ -d "$path" ] && [ ! -L "$path" ] || fail "cache mount $target: $path is not a directory"
  done
  mount --bind "$source" "$stage$target" || fail "cannot mount the cache at $target"
  n=$((n + 1))
done
exec 8<>"$run/k2h" 9<>"$run/h2k"
setsid setpriv --no-new-privs --inh-caps=-all \
  --bounding-set=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+net_bind_service,+net_raw,+mknod,+audit_write,+setfcap \
  -- env -i /bin/sh -c '
    exec 6>&- 7>&-
    cd / || exit 125
    echo ready >&8
    read -r go <&9
    exec 8>&- 9>&-
    [ "$go" = go ] || exit 125
    cd "$1" || { echo "imagesmith-isolation: no working directory $1 in the stage" >&2; exit 125; }
    command=$2
    shift 2
    for variable; do export "$variable"; done
    exec /bin/sh -c "$command"' command "$workdir" "$command" "$@" &
shell=$!
read -r ready <&8 && [ "$ready" = ready ] || { kill -9 "$shell"; fail "the command's shell did not start"; }
cd "$stage" && pivot_root . dev/.imagesmith-oldroot || { kill -9 "$shell"; fail "pivot_root into the stage failed"; }
echo pivoted >&6
read -r state <&7
[ "$state" = unmounted ] || { kill -9 "$shell"; fail "could not unmount the host from the stage"; }
exec 6>&- 7>&-
echo go >&9
exec 8>&- 9>&-
wait "$shell"
