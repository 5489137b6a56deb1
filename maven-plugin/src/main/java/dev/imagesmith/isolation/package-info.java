/**
 * Running a {@code run} step inside its stage, unprivileged: the stage's directory is the command's
 * {@code /}, like {@code RUN} in a Dockerfile, and the host stays out of reach.
 *
 * <p><strong>Mechanisms.</strong> {@link dev.imagesmith.isolation.IsolationProbe} tries, once per
 * JVM, {@code unshare} (util-linux, on every Debian: user, mount and PID namespaces), then {@code
 * bwrap} (bubblewrap), then {@code proot} (ptrace, for hosts that refuse unprivileged namespaces,
 * such as Ubuntu 24.04's AppArmor restriction or some CI containers), and uses the first that
 * works; {@code image.isolation.mechanism} forces one, and when none works one error lists what
 * each refused and the ways out. The build log names the mechanism of every step.
 *
 * <p><strong>Another platform's stage.</strong> {@link dev.imagesmith.isolation.Emulation} runs the
 * programs of a stage built for another architecture under QEMU's user-mode emulation: through any
 * mechanism when binfmt_misc has the architecture registered with the {@code F} flag, else through
 * proot with {@code -q qemu-<arch>-static}; without either the step fails naming the platform and
 * what to install.
 *
 * <p><strong>unshare, step by step</strong> ({@code handshake.sh}, {@code pid1.sh}, {@code
 * stage.sh} beside these classes). A new user namespace waits until the plugin has written its id
 * map ({@link dev.imagesmith.isolation.IdMapping}); PID 1 of a new PID namespace, which still sees
 * the host, starts a shell in a mount namespace of its own that mounts {@code /proc}, a minimal
 * {@code /dev} (null, zero, full, random, urandom, tty bound read-only; shm; fd links), and copies
 * of the host's {@code resolv.conf} and {@code hosts} read-only over the stage. It starts the
 * command's shell with a container's capabilities (Docker's default set: no {@code CAP_SYS_ADMIN},
 * so no mount or umount; no {@code CAP_SYS_PTRACE}; no {@code CAP_SYS_CHROOT}, so no chroot
 * escape), no new privileges (a setuid file gives nothing) and a session of its own (no controlling
 * terminal to inject into), waits until it is ready, and then {@code pivot_root}s into the stage,
 * which moves that waiting shell's root too. The host's old root is unmounted from outside with
 * {@code umount --namespace}, as no host program can run in there any more; only then does the
 * shell exec the stage's {@code /bin/sh}. The helpers keep all their capabilities, so the command
 * (with fewer) can neither trace them nor open their {@code /proc/PID/root}. When the command ends,
 * PID 1 kills whatever it left (daemons included) and waits until nothing is left; the kernel kills
 * the rest with PID 1. A timeout, Maven stopping or the JVM shutting down kill the outer {@code
 * unshare}, whose {@code --kill-child} takes PID 1 and so the whole namespace along. {@code
 * <network>none</network>} adds a network namespace with only loopback.
 *
 * <p><strong>Owners.</strong> Root inside is always the user running Maven, so whatever the command
 * writes is that user's on the host. What else exists depends on the map: as root, ids 0-65535 map
 * to themselves; a plain user with a range in {@code /etc/subuid} and the setuid helpers of package
 * {@code uidmap} gets 1-65535 from that range; anyone else gets root alone. With a range, {@code
 * chown www-data} works inside; before the command PID 1 gives the stage's files the owners the
 * image records, and after it PID 1 (outside the stage, with nothing left running in it, so nothing
 * can swap a path for a symlink meanwhile) lists every object owned by another user than root with
 * its mode into a manifest and chowns it back, so the host tree stays deletable by the Maven user
 * and the plugin records the owners in the metadata overlay ({@link
 * dev.imagesmith.fs.MetadataSync}). Ids are recorded as the namespace sees them, so the image is
 * the same whether root or a plain user with a range ran Maven. With root alone (bwrap, or unshare
 * without a range) a {@code chown} to another user fails inside with EINVAL, the step fails and its
 * message says how to get a range: failing loudly beats an image that silently differs from the one
 * a root build makes. We considered faking ownership instead (fakeroot-style interception): it
 * would need a preloaded library in the stage or a ptrace layer, neither of which covers static
 * binaries and both of which lie to the command; a real id map does not.
 *
 * <p><strong>What the host must allow.</strong> unshare and bwrap need unprivileged user
 * namespaces; bwrap is refused when Maven runs as root (root inside would then be the host's root,
 * owner of the device nodes bwrap binds). proot needs ptrace; it gives a translated view of the
 * files but no PID or network namespace (host processes are visible, {@code
 * <network>none</network>} is refused), pretends {@code chown} and {@code mknod} for a plain user
 * (so such owners are not kept; the log says so), and is a compatibility fallback, not a security
 * boundary.
 *
 * <p><strong>Cache mounts</strong> ({@link dev.imagesmith.isolation.CacheBind}): host directories
 * of the user's cache bound read-write at stage paths for one step, after the {@code /dev} and
 * {@code /proc} mounts. Their targets come resolved inside the stage; a mount follows symlinks in
 * the host's view, so each component is checked again to be a directory (Java, then {@code
 * stage.sh} just before {@code mount}); nothing runs in the stage in between. After the step {@code
 * pid1.sh} gives the caches' foreign owners back to root without following links.
 *
 * <p>Nothing here reads the stage's files through symlinks: the mount points are checked with
 * no-follow stats and created when missing ({@link dev.imagesmith.isolation.StageMounts}), and the
 * plugin's own file operations never run inside a namespace. The helpers run with a fixed
 * environment; the command's travels as {@code NAME=VALUE} arguments that its shell exports.
 *
 * <p>May import {@code error}, {@code io} and {@code plan.ConfigPaths} (how its advice names the
 * stage's isolation); nothing else of ours.
 */
package dev.imagesmith.isolation;
