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
 * Resolves an untrusted image path inside a root directory with the semantics of cyphar's
 * securejoin (see security-cases.md, "Paths inside a stage"): {@code ..} never climbs above the
 * root, and a symlink target, absolute or relative, is interpreted relative to the root (chroot
 * semantics), never the host.
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
    if (unsafe.indexOf('\0') >= 0) {
      throw new IOException("path contains a NUL byte");
    }
    Deque<String> rest = new ArrayDeque<>(List.of(unsafe.split("/", -1)));
    List<String> current = new ArrayList<>(start);
    int links = 0;
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
      Path full = hostPath(root, current).resolve(part);
      if (lookups != null) {
        lookups.increment();
      }
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(full, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException | NotDirectoryException missing) {
        current.add(part);
        continue;
      } catch (IOException e) {
        if (isNotDirectory(e)) {
          current.add(part);
          continue;
        }
        throw e;
      }
      if (!attributes.isSymbolicLink()) {
        current.add(part);
        continue;
      }
      if (++links > MAX_SYMLINKS) {
        throw new FileSystemLoopException(unsafe);
      }
      List<String> linkComponents = new ArrayList<>(current);
      linkComponents.add(part);
      String target = reader.read(linkComponents, full, attributes);
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
