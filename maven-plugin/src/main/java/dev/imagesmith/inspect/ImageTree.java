package dev.imagesmith.inspect;

import dev.imagesmith.fs.ImagePaths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The final filesystem of an image: every visible path and what lies there. Symlinks are resolved
 * in-root the way a container sees them (absolute targets start at the image root, {@code ..} stops
 * at it), without touching any host file.
 *
 * <p>Built by {@link ImageInspector}; read-only to everyone else.
 */
public final class ImageTree {
  private static final int MAX_SYMLINKS = 40; // the kernel's limit for one lookup

  private final TreeMap<String, ImageFile> entries = new TreeMap<>();

  ImageTree() {}

  /** The entry recorded at exactly {@code cleanPath}, no symlink followed. */
  public Optional<ImageFile> get(String cleanPath) {
    return Optional.ofNullable(entries.get(cleanPath));
  }

  /** Every visible entry, sorted by path. */
  public Collection<ImageFile> all() {
    return entries.values();
  }

  /** The entries directly inside directory {@code cleanDirectory}, sorted by path. */
  public List<ImageFile> children(String cleanDirectory) {
    List<ImageFile> children = new ArrayList<>();
    for (ImageFile file : below(cleanDirectory).values()) {
      if (ImagePaths.parent(file.path()).equals(cleanDirectory)) {
        children.add(file);
      }
    }
    return children;
  }

  /**
   * What {@code path} names when every symlink on the way, the last one included, is followed
   * in-root: empty if a component is missing or the links loop.
   */
  public Optional<ImageFile> follow(String path) {
    return resolve(path, true).flatMap(this::get);
  }

  /**
   * The path with its symlinks resolved in-root; with {@code followLast} false the last component
   * is kept as it is. Missing components are kept as plain names. Empty if links loop.
   */
  public Optional<String> resolve(String path, boolean followLast) {
    Deque<String> rest = new ArrayDeque<>(ImagePaths.components(path));
    List<String> current = new ArrayList<>();
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
      current.add(part);
      if (rest.isEmpty() && !followLast) {
        break;
      }
      ImageFile file = entries.get(ImagePaths.join(current));
      if (file == null || !file.isSymlink() || file.symlinkTarget() == null) {
        continue;
      }
      if (++links > MAX_SYMLINKS) {
        return Optional.empty();
      }
      current.remove(current.size() - 1);
      String target = file.symlinkTarget();
      if (target.startsWith("/")) {
        current.clear();
      }
      List<String> parts = ImagePaths.components(target);
      for (int i = parts.size() - 1; i >= 0; i--) {
        rest.addFirst(parts.get(i));
      }
    }
    return Optional.of(ImagePaths.join(current));
  }

  /** The path with parent components resolved (where a tar entry for it lands). */
  String resolveParents(String cleanPath) {
    if (cleanPath.equals("/")) {
      return "/";
    }
    String parent =
        resolve(ImagePaths.parent(cleanPath), true).orElse(ImagePaths.parent(cleanPath));
    return ImagePaths.child(parent, ImagePaths.name(cleanPath));
  }

  ImageFile put(ImageFile file) {
    return entries.put(file.path(), file);
  }

  ImageFile remove(String cleanPath) {
    return entries.remove(cleanPath);
  }

  /** Everything strictly below {@code cleanPath}, as a live view. */
  NavigableMap<String, ImageFile> below(String cleanPath) {
    if (cleanPath.equals("/")) {
      return entries.tailMap("/", false);
    }
    // Keys below "/a" are exactly those in ["/a/", "/a0"): '0' is the character after '/'.
    return entries.subMap(cleanPath + "/", true, cleanPath + "0", false);
  }
}
