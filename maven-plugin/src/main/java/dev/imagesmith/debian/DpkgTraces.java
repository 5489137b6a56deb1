package dev.imagesmith.debian;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes out of a stage what installing packages with dpkg leaves that depends on the day or the
 * host rather than on the packages, the way Debian's reproducible image tools do after debootstrap:
 *
 * <ul>
 *   <li>logs with a time on each line: {@code /var/log/dpkg.log}, {@code alternatives.log}, {@code
 *       bootstrap.log}; and {@code ldconfig}'s {@code aux-cache} (inode numbers and times of the
 *       libraries it scanned);
 *   <li>the backups dpkg and debconf make of their own databases on every write ({@code
 *       /var/lib/dpkg/*-old}, {@code /var/cache/debconf/*-old}): copies of an earlier moment of
 *       this same build, needed by nothing;
 *   <li>the day of the last password change in {@code /etc/shadow} and {@code /etc/shadow-}
 *       (shadow's {@code lastchg}), lowered to the build timestamp's day when later: {@code
 *       useradd} already takes {@code SOURCE_DATE_EPOCH}, this catches a tool that does not;
 *   <li>{@code /etc/machine-id}, emptied when a package wrote one: an image must not carry a
 *       machine's identity.
 * </ul>
 *
 * Times of files are not touched here: the layers clamp every mtime to the build timestamp.
 * Everything is found through the sandbox without following a link out of it, and only regular
 * files are changed.
 */
public final class DpkgTraces {
  static final List<String> REMOVED =
      List.of(
          "/var/log/dpkg.log",
          "/var/log/alternatives.log",
          "/var/log/bootstrap.log",
          "/var/cache/ldconfig/aux-cache");

  static final List<String> BACKUP_DIRECTORIES = List.of("/var/lib/dpkg", "/var/cache/debconf");

  static final List<String> SHADOW = List.of("/etc/shadow", "/etc/shadow-");

  static final String MACHINE_ID = "/etc/machine-id";

  private DpkgTraces() {}

  /**
   * Tidies {@code sandbox} after dpkg ran in it.
   *
   * @param sourceDateEpoch the build timestamp, seconds since the epoch
   * @return the image paths removed or changed, for the build log
   */
  public static List<String> tidy(Sandbox sandbox, long sourceDateEpoch) throws IOException {
    List<String> changed = new ArrayList<>();
    for (String path : REMOVED) {
      Optional<SandboxEntry> file = regularFile(sandbox, path);
      if (file.isPresent()) {
        sandbox.delete(file.get().path());
        changed.add(file.get().path());
      }
    }
    for (String directory : BACKUP_DIRECTORIES) {
      Optional<SandboxEntry> entry = entry(sandbox, directory);
      if (entry.isEmpty() || !entry.get().isDirectory()) {
        continue;
      }
      for (SandboxEntry child : children(sandbox, entry.get().path())) {
        if (child.isRegularFile() && child.path().endsWith("-old")) {
          sandbox.delete(child.path());
          changed.add(child.path());
        }
      }
    }
    long day = Math.floorDiv(sourceDateEpoch, 86_400L);
    for (String path : SHADOW) {
      Optional<SandboxEntry> file = regularFile(sandbox, path);
      if (file.isPresent()) {
        String text = Files.readString(file.get().hostPath(), StandardCharsets.UTF_8);
        String clamped = clampLastChange(text, day);
        if (!clamped.equals(text)) {
          rewrite(file.get(), clamped);
          changed.add(file.get().path());
        }
      }
    }
    Optional<SandboxEntry> machineId = regularFile(sandbox, MACHINE_ID);
    if (machineId.isPresent() && machineId.get().size() > 0) {
      rewrite(machineId.get(), "");
      changed.add(machineId.get().path());
    }
    return List.copyOf(changed);
  }

  /** Each line's third field (days since the epoch) lowered to {@code day} when it is later. */
  static String clampLastChange(String shadow, long day) {
    StringBuilder out = new StringBuilder();
    for (String line : shadow.split("\n", -1)) {
      String[] fields = line.split(":", -1);
      if (fields.length > 2
          && fields[2].matches("[0-9]{1,18}")
          && Long.parseLong(fields[2]) > day) {
        fields[2] = Long.toString(day);
        line = String.join(":", fields);
      }
      out.append(line).append('\n');
    }
    out.setLength(out.length() - 1); // split kept the text after the last newline
    return out.toString();
  }

  /** Replaces the content in place: the file keeps its inode, mode and owner. */
  private static void rewrite(SandboxEntry file, String content) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(
            file.hostPath(),
            LinkOption.NOFOLLOW_LINKS,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static Optional<SandboxEntry> regularFile(Sandbox sandbox, String path)
      throws IOException {
    return entry(sandbox, path).filter(SandboxEntry::isRegularFile);
  }

  /** The object at {@code path}, its parents resolved inside the stage, itself not followed. */
  private static Optional<SandboxEntry> entry(Sandbox sandbox, String path) throws IOException {
    Sandbox.Resolved resolved = sandbox.resolveEntry(path);
    if (!Files.exists(resolved.hostPath(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    return sandbox.stat(resolved.imagePath());
  }

  private static List<SandboxEntry> children(Sandbox sandbox, String directory) throws IOException {
    String prefix = directory.equals("/") ? "/" : directory + "/";
    return sandbox.walk(directory).stream()
        .filter(e -> e.path().startsWith(prefix))
        .filter(e -> e.path().indexOf('/', prefix.length()) < 0)
        .toList();
  }
}
