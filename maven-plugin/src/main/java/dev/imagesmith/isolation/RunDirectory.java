package dev.imagesmith.isolation;

import dev.imagesmith.io.HostFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The private directory of one run step, beside the stage (never inside it): the scripts the
 * namespaces run, the owners to give before the command, the cache mounts to bind, the marks the
 * scripts leave and the manifest of owners they collect after it. Mode 0700; deleted when closed.
 */
final class RunDirectory implements AutoCloseable {
  private final Path path;
  private StageMounts mounts;

  private RunDirectory(Path path) {
    this.path = path;
  }

  static RunDirectory create(Path stageRoot) throws IOException {
    Path parent = stageRoot.toAbsolutePath().getParent();
    return new RunDirectory(
        Files.createTempDirectory(
            parent,
            ".imagesmith-run-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
  }

  /**
   * The run directory of {@code command} with the stage's mount points made ({@link
   * StageMounts#prepare}): what every mechanism that shows the command its stage sets up first.
   * Closing removes the mount points, then the directory.
   */
  static RunDirectory forCommand(IsolatedCommand command) throws IOException {
    RunDirectory run = create(command.stageRoot());
    try {
      run.mounts = StageMounts.prepare(command.stageRoot(), run.path, command.caches());
      return run;
    } catch (IOException | RuntimeException e) {
      try {
        run.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  Path path() {
    return path;
  }

  Path resolve(String name) {
    return path.resolve(name);
  }

  /** Copies a script of this package into the directory; returns its path. */
  Path script(String name) throws IOException {
    Path target = path.resolve(name);
    try (InputStream in = RunDirectory.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("script " + name + " missing from the plugin");
      }
      Files.copy(in, target);
    }
    return target;
  }

  void mark(String name) throws IOException {
    Files.writeString(path.resolve(name), "");
  }

  boolean has(String name) {
    return Files.exists(path.resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Writes {@code owners/UID.GID} (the paths to chown) and {@code modes/MODE} (the paths to chmod
   * afterwards, as a chown clears setuid and setgid), each a NUL-separated list of {@code ./path}
   * relative to the stage.
   */
  void writeOwners(List<OwnedPath> owners) throws IOException {
    Map<String, StringBuilder> byOwner = new TreeMap<>();
    Map<String, StringBuilder> byMode = new TreeMap<>();
    for (OwnedPath owned : owners) {
      String relative = "." + (owned.path().equals("/") ? "" : owned.path()) + "\0";
      byOwner
          .computeIfAbsent(owned.uid() + "." + owned.gid(), key -> new StringBuilder())
          .append(relative);
      if (!owned.symlink()) {
        byMode
            .computeIfAbsent(Integer.toOctalString(owned.mode()), key -> new StringBuilder())
            .append(relative);
      }
    }
    writeLists(path.resolve("owners"), byOwner);
    writeLists(path.resolve("modes"), byMode);
  }

  /**
   * Writes {@code caches/N.source} and {@code caches/N.target} for each cache mount, in order: the
   * host directory and the stage path, each a file of its own (no separator to escape).
   */
  void writeCaches(List<CacheBind> caches) throws IOException {
    if (caches.isEmpty()) {
      return;
    }
    Path directory = Files.createDirectory(path.resolve("caches"));
    for (int i = 0; i < caches.size(); i++) {
      CacheBind cache = caches.get(i);
      Files.writeString(
          directory.resolve(i + ".source"),
          cache.source().toAbsolutePath().toString(),
          StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(i + ".target"), cache.target(), StandardCharsets.UTF_8);
    }
  }

  private static void writeLists(Path directory, Map<String, StringBuilder> lists)
      throws IOException {
    Files.createDirectory(directory);
    for (Map.Entry<String, StringBuilder> list : lists.entrySet()) {
      Files.writeString(directory.resolve(list.getKey()), list.getValue(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The owners pid1.sh collected ({@code UID GID MODE TYPE PATH\0} per object, the path relative to
   * the stage), or empty when it wrote none.
   */
  List<OwnedPath> readManifest() throws IOException {
    Path manifest = path.resolve("manifest");
    if (!Files.exists(manifest)) {
      return List.of();
    }
    String content = Files.readString(manifest, StandardCharsets.UTF_8);
    List<OwnedPath> owned = new ArrayList<>();
    for (String record : content.split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      String[] fields = record.split(" ", 5);
      if (fields.length != 5) {
        throw new IOException("damaged owner record from the run step: " + record);
      }
      String relative = fields[4];
      owned.add(
          new OwnedPath(
              relative.isEmpty() ? "/" : "/" + relative,
              Long.parseLong(fields[0]),
              Long.parseLong(fields[1]),
              Integer.parseInt(fields[2], 8) & 07777,
              fields[3].equals("l")));
    }
    return owned;
  }

  @Override
  public void close() throws IOException {
    try {
      if (mounts != null) {
        mounts.close();
      }
    } finally {
      HostFiles.deleteTree(path);
    }
  }
}
