package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Resolves an untrusted image path inside a root with the semantics of cyphar's securejoin (see
 * security-cases.md, "Paths inside a stage"): {@code ..} never climbs above the root, and a symlink
 * target, absolute or relative, is interpreted relative to the root (chroot semantics), never the
 * host. The root is a sandbox's directory on disk or an image's layers in memory ({@link
 * PathTree}): both resolve with this one loop and its one limit, so they agree on where a name
 * lands.
 *
 * <p>{@code ..} is applied after the components before it were symlink-expanded, so it is not
 * lexical: never normalise an entry name before handing it here. Missing components are treated as
 * plain directories. The result is correct only while nothing else modifies the tree between the
 * join and its use; every writer of a sandbox is sequential for this reason.
 *
 * <p>A link's target is read through a {@link LinkReader}: a sandbox gives the target as written,
 * not the text it holds on the host for the kernel ({@link HostLinkText}).
 */
final class SecureJoin {
  /** Same limit as securejoin; the kernel's is 40. */
  static final int MAX_SYMLINKS = 255;

  /** Reads the target of the symlink at {@code components} (clean, below the root). */
  interface LinkReader {
    String read(List<String> components, Path host, BasicFileAttributes attributes)
        throws IOException;
  }

  /**
   * What a tree holds at one component: the symlink's target as written, or {@code null} if it is
   * no symlink (missing, a directory, a file).
   */
  interface Links {
    String target(List<String> parent, String name) throws IOException;
  }

  /** The target the host holds. */
  static final LinkReader ON_HOST =
      (components, host, attributes) -> Files.readSymbolicLink(host).toString();

  private SecureJoin() {}

  /**
   * Returns the clean components below {@code root} that {@code unsafe} names, following every
   * symlink including the last component.
   */
  static List<String> resolve(Path root, String unsafe) throws IOException {
    return resolve(root, List.of(), unsafe, ON_HOST, null);
  }

  /**
   * Like {@link #resolve(Path, String)}, starting from already-resolved components {@code start}
   * (relative names and relative symlink targets continue from there), reading link targets with
   * {@code reader}, adding each on-disk lookup to {@code lookups} when it is not null.
   */
  static List<String> resolve(
      Path root, List<String> start, String unsafe, LinkReader reader, LongAdder lookups)
      throws IOException {
    return resolve(
        start,
        unsafe,
        (parent, name) -> {
          Path full = hostPath(root, parent).resolve(name);
          if (lookups != null) {
            lookups.increment();
          }
          BasicFileAttributes attributes;
          try {
            attributes =
                Files.readAttributes(full, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException | NotDirectoryException missing) {
            return null;
          } catch (IOException e) {
            if (isNotDirectory(e)) {
              return null;
            }
            throw e;
          }
          if (!attributes.isSymbolicLink()) {
            return null;
          }
          List<String> components = new ArrayList<>(parent);
          components.add(name);
          return reader.read(components, full, attributes);
        });
  }

  /**
   * The one in-root resolution, over any tree that can say what its symlinks hold (a sandbox on
   * disk, or an image's layers in memory): every component is followed, the last included; {@code
   * ..} applies after the components before it were expanded and stops at the root; an absolute
   * target starts again at the root; a missing component, a directory or a file is a plain name.
   *
   * @throws FileSystemLoopException past {@link #MAX_SYMLINKS} links
   */
  static List<String> resolve(List<String> start, String unsafe, Links links) throws IOException {
    if (unsafe.indexOf('\0') >= 0) {
      throw new IOException("path contains a NUL byte");
    }
    Deque<String> rest = new ArrayDeque<>(List.of(unsafe.split("/", -1)));
    List<String> current = new ArrayList<>(start);
    int count = 0;
    while (!rest.isEmpty()) {
      String part = rest.pollFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!current.isEmpty()) {
          current.remove(current.size() - 1);
        }
        continue;
      }
      String target = links.target(current, part);
      if (target == null) {
        current.add(part);
        continue;
      }
      if (++count > MAX_SYMLINKS) {
        throw new FileSystemLoopException(unsafe);
      }
      String[] targetParts = target.split("/", -1);
      for (int i = targetParts.length - 1; i >= 0; i--) {
        rest.addFirst(targetParts[i]);
      }
      if (target.startsWith("/")) {
        current.clear();
      }
    }
    return current;
  }

  /**
   * Resolves {@code unsafe} for creating, replacing or deleting the object it names: the parent
   * through {@code whole}, the last component kept as it is (a symlink there is the object itself).
   * A path whose last component is empty, {@code .} or {@code ..}, or that ends with {@code /},
   * names a directory and is resolved whole.
   */
  static List<String> resolveEntry(String unsafe, Whole whole) throws IOException {
    List<String> parts = ImagePaths.components(unsafe);
    String last = parts.isEmpty() ? "" : parts.get(parts.size() - 1);
    if (last.isEmpty() || last.equals(".") || last.equals("..") || unsafe.endsWith("/")) {
      return whole.resolve(unsafe);
    }
    List<String> components =
        new ArrayList<>(whole.resolve(unsafe.substring(0, unsafe.lastIndexOf(last))));
    components.add(last);
    return components;
  }

  /** A full resolution, as {@link #resolveEntry} uses it for the parent. */
  interface Whole {
    List<String> resolve(String unsafe) throws IOException;
  }

  static Path hostPath(Path root, List<String> components) {
    Path path = root;
    for (String component : components) {
      path = path.resolve(component);
    }
    // Defence in depth: components never contain '/', '.' or '..', so this cannot fail.
    if (!path.normalize().startsWith(root)) {
      throw new IllegalStateException("escape from sandbox root: " + components);
    }
    return path;
  }

  private static boolean isNotDirectory(IOException e) {
    String message = e.getMessage();
    return message != null && message.contains("Not a directory");
  }
}
