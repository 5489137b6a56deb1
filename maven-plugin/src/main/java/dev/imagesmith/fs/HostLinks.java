package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the symlinks and hardlinks of a sandbox and keeps every symlink's host text safe for a
 * host process ({@link HostLinkText}), while the overlay keeps each target as written.
 *
 * <p>A symlink inode with several names (a hardlinked symlink) holds one text for all of them, so
 * the text is computed for its shallowest name: it then never climbs above the root from any name,
 * though from a deeper name the host kernel may land elsewhere in the stage than the stage does.
 * When a new, shallower name is linked to a symlink that already has several names, only the name
 * linked to gets the new inode (the others are not known without a walk, and their old text is safe
 * where they are): the layer then holds two groups of names where it held one.
 */
final class HostLinks {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Sandbox sandbox;
  private final MetadataOverlay overlay;
  private final HostLinkText.Resolver resolver;

  HostLinks(Sandbox sandbox, MetadataOverlay overlay, HostLinkText.Resolver resolver) {
    this.sandbox = sandbox;
    this.overlay = overlay;
    this.resolver = resolver;
  }

  /** See {@link Sandbox#createSymlink}. */
  void createSymlink(String cleanPath, String target) throws IOException {
    Path host = sandbox.hostPath(cleanPath);
    // What the host gave back for the link until now (redundant slashes dropped): the layers'
    // bytes stay what they were.
    String original = host.getFileSystem().getPath(target).toString();
    String onHost = hostText(original, cleanPath);
    Files.createSymbolicLink(host, host.getFileSystem().getPath(onHost));
    if (!onHost.equals(original)) {
      overlay.putLink(cleanPath, original, onHost, lstat(host).fileKey());
    }
  }

  /** Makes a hard link of {@code cleanPath} to {@code existingCleanPath}, neither followed. */
  interface Linker {
    void link(String cleanPath, String existingCleanPath) throws IOException;
  }

  /** See {@link Sandbox#hardlink}; {@code linker} makes the link itself. */
  void createHardlink(String cleanPath, String existingCleanPath, Linker linker)
      throws IOException {
    Path host = sandbox.hostPath(cleanPath);
    Path existing = sandbox.hostPath(existingCleanPath);
    BasicFileAttributes attributes = lstat(existing);
    String original = null;
    if (attributes.isSymbolicLink()) {
      String onHost = Files.readSymbolicLink(existing).toString();
      original = overlay.linkTarget(existingCleanPath, attributes.fileKey(), onHost);
      String shallower =
          depth(cleanPath) < depth(existingCleanPath) ? cleanPath : existingCleanPath;
      String text = hostText(original, shallower);
      if (!text.equals(onHost)) {
        // Other names the inode may have keep the old text, which was safe where they are.
        rewrite(List.of(existingCleanPath), original, text);
      }
    }
    linker.link(cleanPath, existingCleanPath);
    if (original != null) {
      String onHost = Files.readSymbolicLink(host).toString();
      if (!onHost.equals(original)) {
        overlay.putLink(cleanPath, original, onHost, lstat(host).fileKey());
      }
    }
  }

  /** See {@link Sandbox#secureLinks}. */
  void secureAll() throws IOException {
    List<List<String>> links = new ArrayList<>();
    Map<Object, List<String>> namesOfInode = new LinkedHashMap<>();
    Files.walkFileTree(
        sandbox.root(),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (attributes.isSymbolicLink()) {
              String path = sandbox.imagePathOf(file);
              Object key = attributes.fileKey();
              if (key != null && (Integer) Files.getAttribute(file, "unix:nlink", NOFOLLOW) > 1) {
                namesOfInode.computeIfAbsent(key, k -> new ArrayList<>()).add(path);
              } else {
                links.add(List.of(path));
              }
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof AccessDeniedException) {
              // A run step made it unreadable; a host process cannot enter it either.
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }
        });
    links.addAll(namesOfInode.values());
    for (List<String> names : links) {
      secure(names);
    }
  }

  /** Gives the names of one symlink inode the text for the shallowest of them, if they lack it. */
  private void secure(List<String> names) throws IOException {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(Comparator.comparingInt(HostLinks::depth).thenComparing(Sandbox::comparePaths));
    Path host = sandbox.hostPath(sorted.get(0));
    Object key = lstat(host).fileKey();
    String onHost = Files.readSymbolicLink(host).toString();
    String original = onHost;
    for (String name : sorted) {
      String recorded = overlay.linkTarget(name, key, onHost);
      if (!recorded.equals(onHost)) {
        original = recorded;
        break;
      }
    }
    String text = hostText(original, sorted.get(0));
    if (!text.equals(onHost)) {
      rewrite(sorted, original, text);
    }
  }

  private String hostText(String original, String linkPath) throws IOException {
    return HostLinkText.forHost(
        original, ImagePaths.components(ImagePaths.parent(linkPath)), resolver);
  }

  /**
   * Replaces the symlink inode that {@code names} share with one holding {@code text}, keeping its
   * mtime, its overlay records and its directories' mtimes (all of which go into layers).
   */
  private void rewrite(List<String> names, String original, String text) throws IOException {
    Path first = sandbox.hostPath(names.get(0));
    BasicFileAttributes old = lstat(first);
    Map<Path, FileTime> directoryTimes = new LinkedHashMap<>();
    Map<Path, Set<PosixFilePermission>> directoryModes = new LinkedHashMap<>();
    for (String name : names) {
      Path directory = sandbox.hostPath(name).getParent();
      if (!directoryTimes.containsKey(directory)) {
        directoryTimes.put(directory, lstat(directory).lastModifiedTime());
        directoryModes.put(directory, makeWritable(directory));
      }
    }
    try {
      for (String name : names) {
        Files.delete(sandbox.hostPath(name));
      }
      Files.createSymbolicLink(first, first.getFileSystem().getPath(text));
      Files.getFileAttributeView(first, BasicFileAttributeView.class, NOFOLLOW)
          .setTimes(old.lastModifiedTime(), null, null);
      for (String name : names.subList(1, names.size())) {
        Files.createLink(sandbox.hostPath(name), first);
      }
    } finally {
      for (Map.Entry<Path, FileTime> directory : directoryTimes.entrySet()) {
        Set<PosixFilePermission> mode = directoryModes.get(directory.getKey());
        if (mode != null) {
          posix(directory.getKey()).setPermissions(mode);
        }
        Files.getFileAttributeView(directory.getKey(), BasicFileAttributeView.class, NOFOLLOW)
            .setTimes(directory.getValue(), null, null);
      }
    }
    Object key = lstat(first).fileKey();
    for (String name : names) {
      Metadata metadata = overlay.get(name, old.fileKey());
      if (metadata != null) {
        overlay.put(name, metadata, key);
      }
      if (text.equals(original)) {
        overlay.removeLink(name);
      } else {
        overlay.putLink(name, original, text, key);
      }
    }
  }

  /**
   * Lets the owner write into and enter {@code directory} (a copied read-only directory, or one a
   * run step locked); returns the mode to put back, or null if it needed no change.
   */
  private static Set<PosixFilePermission> makeWritable(Path directory) throws IOException {
    Set<PosixFilePermission> mode = posix(directory).readAttributes().permissions();
    if (mode.contains(PosixFilePermission.OWNER_WRITE)
        && mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
      return null;
    }
    Set<PosixFilePermission> writable = EnumSet.noneOf(PosixFilePermission.class);
    writable.addAll(mode);
    writable.add(PosixFilePermission.OWNER_WRITE);
    writable.add(PosixFilePermission.OWNER_EXECUTE);
    posix(directory).setPermissions(writable);
    return mode;
  }

  private static PosixFileAttributeView posix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class, NOFOLLOW);
  }

  private static int depth(String cleanPath) {
    return ImagePaths.components(cleanPath).size();
  }

  private static BasicFileAttributes lstat(Path host) throws IOException {
    return Files.readAttributes(host, BasicFileAttributes.class, NOFOLLOW);
  }
}
