package dev.imagesmith.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the ids of a step's user namespace map to the host's. Root inside is always the user running
 * Maven, so everything the command writes belongs to that user on the host.
 *
 * <ul>
 *   <li>{@link Kind#ROOT}: Maven runs as root, which may write any map: ids 0 to 65535 map to
 *       themselves.
 *   <li>{@link Kind#SUBORDINATE}: a plain user with a range in {@code /etc/subuid} and {@code
 *       /etc/subgid} and the setuid helpers {@code newuidmap}/{@code newgidmap} (package {@code
 *       uidmap}): 0 is the user, 1 to 65535 come from the range.
 *   <li>{@link Kind#SINGLE}: a plain user without either: only 0 is mapped, so a {@code chown} to
 *       another user fails inside with EINVAL.
 * </ul>
 *
 * <p>With the first two, ids 1 to 65535 exist inside and a {@code chown www-data} works; the plugin
 * records such owners and gives the files back to root after the step (pid1.sh), so the image gets
 * the same owners under either, and the host tree stays the Maven user's.
 */
record IdMapping(Kind kind, long uid, long gid, long uidStart, long gidStart, long count) {
  /** Ids 1 to 65535 inside, as a container's. */
  static final long IDS = 65536;

  enum Kind {
    ROOT,
    SUBORDINATE,
    SINGLE
  }

  static IdMapping root() {
    return new IdMapping(Kind.ROOT, 0, 0, 0, 0, IDS);
  }

  static IdMapping single(long uid, long gid) {
    return new IdMapping(Kind.SINGLE, uid, gid, uid, gid, 1);
  }

  static IdMapping subordinate(
      long uid, long gid, SubordinateIds.Range uids, SubordinateIds.Range gids) {
    long count = Math.min(IDS, Math.min(uids.count(), gids.count()) + 1);
    return new IdMapping(Kind.SUBORDINATE, uid, gid, uids.start(), gids.start(), count);
  }

  /** Whether ids other than root exist inside, so that the command can {@code chown}. */
  boolean holdsOwners() {
    return kind != Kind.SINGLE;
  }

  String describe() {
    return switch (kind) {
      case ROOT -> "ids 0-65535 mapped to themselves (Maven runs as root)";
      case SUBORDINATE ->
          "root mapped to uid "
              + uid
              + ", ids 1-"
              + (count - 1)
              + " to the subordinate range from "
              + uidStart;
      case SINGLE -> "only root mapped (to uid " + uid + "): chown to other users fails";
    };
  }

  /** Writes the maps of the user namespace that process {@code pid} is the first member of. */
  void apply(long pid, Path newuidmap, Path newgidmap) throws IOException {
    Path proc = Path.of("/proc", Long.toString(pid));
    switch (kind) {
      case ROOT -> {
        write(proc.resolve("uid_map"), "0 0 " + IDS + "\n");
        write(proc.resolve("gid_map"), "0 0 " + IDS + "\n");
      }
      case SINGLE -> {
        write(proc.resolve("setgroups"), "deny\n");
        write(proc.resolve("uid_map"), "0 " + uid + " 1\n");
        write(proc.resolve("gid_map"), "0 " + gid + " 1\n");
      }
      case SUBORDINATE -> {
        helper(newuidmap, pid, uid, uidStart);
        helper(newgidmap, pid, gid, gidStart);
      }
    }
  }

  private void helper(Path program, long pid, long self, long start) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(program.toString());
    argv.add(Long.toString(pid));
    argv.addAll(List.of("0", Long.toString(self), "1"));
    argv.addAll(List.of("1", Long.toString(start), Long.toString(count - 1)));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", argv) + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new java.io.InterruptedIOException("interrupted while mapping ids");
    }
  }

  private static void write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.US_ASCII);
  }
}
