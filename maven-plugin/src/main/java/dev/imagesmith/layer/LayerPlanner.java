package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.plan.LayerOwner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides every entry of a layer, in order, before a byte is written: parent directories of the
 * target path, then the selected tree as {@link Sandbox#walk} lists it (sorted, links not
 * followed).
 *
 * <p>Rules (security-cases.md, "Layer rules", L29, L30, L31, O5):
 *
 * <ul>
 *   <li>A directory the lower layers already hold keeps the lower's mode and owner; only its mtime
 *       comes from the sandbox. The base's {@code /tmp} 1777 stays 1777.
 *   <li>A path that is a symlink in the lower layers is never written as a directory ({@code lib64
 *       -> usr/lib64}): the directory entry is left out and its children keep their names below the
 *       symlink's name ({@code lib64/libc.so.6}), as docker does; every extractor resolves them
 *       through the link into its target.
 *   <li>Other parent directories are 0755 root:root with the clamp mtime, never the host's umask.
 *   <li>The first name of an inode with several links is a regular entry; every later name is a
 *       hardlink to that first name (no link to a link).
 *   <li>mtime is {@code min(file mtime, clamp)}. The root directory itself is never written: its
 *       attributes are the base image's.
 * </ul>
 */
final class LayerPlanner {
  private static final int DEFAULT_DIRECTORY_MODE = 0755;

  private final LowerIndex lower;
  private final long clampSeconds;

  LayerPlanner(LowerIndex lower, long clampSeconds) {
    this.lower = lower;
    this.clampSeconds = clampSeconds;
  }

  /**
   * Plans the layer that puts the sandbox's {@code sourcePath} at {@code targetPath}.
   *
   * @throws UserInputException if nothing exists at {@code sourcePath}
   */
  List<ArchiveItem> plan(Sandbox sandbox, String sourcePath, String targetPath) throws IOException {
    return plan(sandbox, sourcePath, targetPath, null);
  }

  /**
   * As {@link #plan(Sandbox, String, String)}, with {@code owner} (if not {@code null}) as the
   * owner of every entry of the selected tree: the parents above {@code targetPath}, and
   * directories the lower layers already hold, keep theirs by the rules above.
   */
  List<ArchiveItem> plan(Sandbox sandbox, String sourcePath, String targetPath, LayerOwner owner)
      throws IOException {
    // Parent components resolve inside the sandbox (a stage's "lib64 -> /usr/lib64" must not send
    // the walk to the host's /usr/lib64); the last component is the selected object itself.
    String resolved = sandbox.resolveEntry(sourcePath).imagePath();
    if (sandbox.stat(resolved).isEmpty()) {
      throw new UserInputException(
          "stage has no "
              + sourcePath
              + (resolved.equals(sourcePath)
                  ? ""
                  : " (resolved inside the stage as " + resolved + ")")
              + ": nothing exists at that path. Check the selected path, or the step that should"
              + " create it.");
    }
    List<ArchiveItem> plan = new ArrayList<>();
    List<String> parents = new ArrayList<>();
    for (String p = ImagePaths.parent(targetPath); !p.equals("/"); p = ImagePaths.parent(p)) {
      parents.add(0, p);
    }
    for (String parent : parents) {
      directory(parent, DEFAULT_DIRECTORY_MODE, 0, 0, clampSeconds, Map.of()).ifPresent(plan::add);
    }
    Map<Object, ArchiveItem> firstNameOfInode = new HashMap<>();
    for (SandboxEntry entry : sandbox.walk(resolved)) {
      String path = rebase(entry.path(), resolved, targetPath);
      if (path.equals("/")) {
        continue;
      }
      long mtime = Math.min(entry.mtimeSeconds(), clampSeconds);
      long uid = owner == null ? entry.uid() : owner.uid();
      long gid = owner == null ? entry.gid() : owner.gid();
      if (entry.isDirectory()) {
        directory(path, entry.mode(), uid, gid, mtime, entry.xattrs()).ifPresent(plan::add);
        continue;
      }
      ArchiveItem planned =
          new ArchiveItem(
              path,
              entry.type(),
              entry.mode(),
              uid,
              gid,
              mtime,
              entry.isRegularFile() ? entry.size() : 0,
              entry.linkTarget(),
              null,
              entry.devMajor(),
              entry.devMinor(),
              entry.xattrs(),
              entry.isRegularFile() ? entry.hostPath() : null);
      if (entry.linkCount() > 1 && entry.fileKey() != null) {
        ArchiveItem first = firstNameOfInode.putIfAbsent(entry.fileKey(), planned);
        if (first != null) {
          planned = hardlinkTo(first, path);
        }
      }
      plan.add(planned);
    }
    return plan;
  }

  /** A directory entry under the lower-layer rules, or empty where a lower symlink must stay. */
  private Optional<ArchiveItem> directory(
      String path, int mode, long uid, long gid, long mtime, Map<String, byte[]> xattrs) {
    Optional<ImageFile> below = lower.lookup(path);
    if (below.isPresent() && below.get().isSymlink()) {
      return Optional.empty();
    }
    if (below.isPresent() && below.get().isDirectory()) {
      mode = below.get().mode();
      uid = below.get().uid();
      gid = below.get().gid();
    }
    return Optional.of(
        new ArchiveItem(
            path, FileType.DIRECTORY, mode, uid, gid, mtime, 0, null, null, 0, 0, xattrs, null));
  }

  /** A later name of an inode: the header repeats the first name's attributes, with no body. */
  private static ArchiveItem hardlinkTo(ArchiveItem first, String path) {
    return new ArchiveItem(
        path,
        first.type(),
        first.mode(),
        first.uid(),
        first.gid(),
        first.mtimeSeconds(),
        0,
        first.symlinkTarget(), // a hardlinked symlink stays a symlink in the index
        first.name(),
        0,
        0,
        Map.of(),
        null);
  }

  private static String rebase(String path, String from, String to) {
    if (from.equals(to)) {
      return path;
    }
    String rest = path.substring(from.equals("/") ? 0 : from.length());
    if (rest.isEmpty()) {
      return to;
    }
    return to.equals("/") ? rest : to + rest;
  }
}
