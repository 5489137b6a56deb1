package dev.imagesmith.inspect;

import dev.imagesmith.fs.PathTree;
import java.nio.file.FileSystemLoopException;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * The final filesystem of an image: every visible path and what lies there. Symlinks are resolved
 * in-root the way the sandbox resolves them ({@link PathTree}: absolute targets start at the image
 * root, {@code ..} stops at it), without touching any host file.
 *
 * <p>Built by {@link ImageInspector}; read-only to everyone else.
 */
public final class ImageTree {
  private final PathTree<ImageFile> entries = new PathTree<>(ImageFile::linkTarget);

  ImageTree() {}

  /** The entry recorded at exactly {@code cleanPath}, no symlink followed. */
  public Optional<ImageFile> get(String cleanPath) {
    return entries.get(cleanPath);
  }

  /** Every visible entry, sorted by path. */
  public Collection<ImageFile> all() {
    return entries.values();
  }

  /** The entries directly inside directory {@code cleanDirectory}, sorted by path. */
  public List<ImageFile> children(String cleanDirectory) {
    return entries.children(cleanDirectory);
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
    try {
      return Optional.of(followLast ? entries.resolve(path) : entries.resolveEntry(path));
    } catch (FileSystemLoopException e) {
      return Optional.empty();
    }
  }

  /**
   * Where an entry named {@code unsafe} (absolute, not cleaned) lands: its parent resolved, its
   * last component kept ({@link PathTree#resolveEntry}).
   */
  String resolveEntry(String unsafe) throws FileSystemLoopException {
    return entries.resolveEntry(unsafe);
  }

  /** {@code unsafe} with every symlink followed, the last included. */
  String resolveWhole(String unsafe) throws FileSystemLoopException {
    return entries.resolve(unsafe);
  }

  ImageFile put(ImageFile file) {
    return entries.put(file.path(), file);
  }

  ImageFile remove(String cleanPath) {
    return entries.remove(cleanPath);
  }

  /** Everything strictly below {@code cleanPath}, as a live view. */
  NavigableMap<String, ImageFile> below(String cleanPath) {
    return entries.below(cleanPath);
  }
}
