# PID 1 of the step's PID namespace: root of the step's user namespace, still seeing the host's files.
# It gives files their recorded owners, starts stage.sh in a mount namespace of its own, unmounts the
# host from there once stage.sh has moved into the stage, and after the command ended kills whatever
# it left running, waits until nothing is left, and records and takes back every owner other than
# root (so that the user running Maven can delete the stage later). It runs no program of the stage.
#
# Arguments: mode (run|reclaim) stage rundir [workdir command NAME=VALUE...]
# The run directory holds: owners/UID.GID and modes/MODE (NUL-separated paths relative to the
# stage), collect-owners (present when the map has more than one id), resolv.conf and hosts (present
# when they are to be bound), caches/N.source and N.target (the cache mounts), and receives the
# fifos, "started" and "manifest".
set -u
unset IFS
PATH=/usr/sbin:/usr/bin:/sbin:/bin
mode=$1 stage=$2 run=$3
fail() {
  echo "imagesmith-isolation: $*" >&2
  exit 125
}
rc=0
if [ "$mode" = run ]; then
  cd "$stage" || fail "cannot enter the stage $stage"
  if [ -d "$run/owners" ]; then
    for list in "$run"/owners/*; do
      [ -f "$list" ] || continue
      ids=${list##*/}
      xargs -0r chown -h -- "${ids%.*}:${ids#*.}" < "$list" || fail "could not give files their owners ($ids)"
    done
  fi
  if [ -d "$run/modes" ]; then
    for list in "$run"/modes/*; do
      [ -f "$list" ] || continue
      xargs -0r chmod -- "${list##*/}" < "$list" || fail "could not give files their modes"
    done
  fi
  if [ -f "$run/network-none" ] && command -v ip >/dev/null 2>&1; then
    ip link set lo up || fail "could not bring up the loopback interface"
  fi
  mkfifo -m 0600 "$run/h2p" "$run/p2h" "$run/k2h" "$run/h2k" || fail "cannot make fifos in $run"
  exec 6<>"$run/h2p" 7<>"$run/p2h"
  unshare --mount -- /bin/sh "$run/stage.sh" "$@" &
  h=$!
  if read -r state <&6 && [ "$state" = pivoted ]; then
    if umount -N "/proc/$h/ns/mnt" -l /dev/.imagesmith-oldroot; then
      : > "$run/started"
      echo unmounted >&7
    else
      echo failed >&7
    fi
  fi
  exec 6>&- 7>&-
  wait "$h"
  rc=$?
fi
# Whatever the command left running (daemons, background jobs) dies now, before any file is read.
kill -9 -1 2>/dev/null
while :; do
  alive=
  for process in /proc/[0-9]*; do
    [ "${process#/proc/}" = 1 ] && continue
    read -r stat < "$process/stat" 2>/dev/null || continue
    state=${stat##*) }
    [ "${state%% *}" = Z ] || alive=yes
  done
  [ -z "$alive" ] && break
  kill -9 -1 2>/dev/null
  sleep 0.01
done
if [ -f "$run/collect-owners" ]; then
  cd "$stage" || fail "cannot enter the stage $stage"
  # Every object some other user than root owns: its owner and mode before root takes it back (a
  # chown clears setuid and setgid bits). Nothing runs in the stage any more, so nothing can swap a
  # directory for a symlink between the walk and the chown.
  find . -xdev \( ! -uid 0 -o ! -gid 0 \) -printf '%U %G %m %y %P\0' > "$run/manifest.part" \
    || fail "could not list the owners in the stage"
  find . -xdev \( ! -uid 0 -o ! -gid 0 \) -exec chown -h 0:0 -- {} + \
    || fail "could not give the stage's files back to root"
  mv "$run/manifest.part" "$run/manifest" || fail "could not write $run/manifest"
  # The cache mounts were the command's too: their foreign owners go back to root (no record: a
  # cache is not part of the image), so that the user running Maven can empty them.
  n=0
  while [ -f "$run/caches/$n.source" ]; do
    source=$(cat "$run/caches/$n.source") || fail "cannot read cache mount $n"
    find "$source" -xdev \( ! -uid 0 -o ! -gid 0 \) -exec chown -h 0:0 -- {} + \
      || fail "could not give the cache's files back to root"
    n=$((n + 1))
  done
fi
exit "$rc"
