package dev.imagesmith.fs;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An image's filesystem held in memory: one value per clean absolute path, and the in-root
 * resolution of a sandbox ({@link SecureJoin}: one loop, one limit of {@value
 * SecureJoin#MAX_SYMLINKS} links) over the symlinks the values describe. What the layers of an
 * image make is kept in one of these, so a name lands where the sandbox would put it: {@code ..}
 * applies after the components before it were expanded, an absolute target starts again at the
 * root, and nothing ever names a host file.
 *
 * <p>Iteration is in {@link String} order of the paths, so every path comes right before the paths
 * below it. Not thread-safe.
 *
 * @param <V> what lies at a path
 */
public final class PathTree<V> {
  private final TreeMap<String, V> entries = new TreeMap<>();
  private final Function<V, String> linkTarget;
  private final SecureJoin.Links links = this::linkTarget;

  /**
   * @param linkTarget a symlink's target as written, {@code null} for anything else
   */
  public PathTree(Function<V, String> linkTarget) {
    this.linkTarget = linkTarget;
  }

  /** What lies at exactly {@code cleanPath}, no symlink followed. */
  public Optional<V> get(String cleanPath) {
    return Optional.ofNullable(entries.get(cleanPath));
  }

  /** Puts {@code value} at exactly {@code cleanPath}; returns what was there, or null. */
  public V put(String cleanPath, V value) {
    return entries.put(cleanPath, value);
  }

  /** Removes what lies at exactly {@code cleanPath} (not what is below it); returns it, or null. */
  public V remove(String cleanPath) {
    return entries.remove(cleanPath);
  }

  /** Everything strictly below {@code cleanPath}, in path order, as a live view. */
  public NavigableMap<String, V> below(String cleanPath) {
    if (cleanPath.equals("/")) {
      return entries.tailMap("/", false);
    }
    // Keys below "/a" are exactly those in ["/a/", "/a0"): '0' is the character after '/'.
    return entries.subMap(cleanPath + "/", true, cleanPath + "0", false);
  }

  /** What lies directly inside {@code cleanDirectory}, in path order. */
  public List<V> children(String cleanDirectory) {
    List<V> children = new ArrayList<>();
    below(cleanDirectory)
        .forEach(
            (path, value) -> {
              if (ImagePaths.parent(path).equals(cleanDirectory)) {
                children.add(value);
              }
            });
    return children;
  }

  /** Every value, in path order. */
  public Collection<V> values() {
    return Collections.unmodifiableCollection(entries.values());
  }

  /** Number of paths held. */
  public int size() {
    return entries.size();
  }

  /**
   * The clean path {@code unsafe} names with every symlink on the way followed, the last included.
   *
   * @throws FileSystemLoopException past the limit of links
   */
  public String resolve(String unsafe) throws FileSystemLoopException {
    return ImagePaths.join(components(unsafe));
  }

  /**
   * Where an entry named {@code unsafe} lands: the parent resolved, the last component kept (a
   * symlink there is the entry's object), unless the name ends with {@code /}, {@code .} or {@code
   * ..}, which name a directory and resolve whole (as {@link Sandbox#resolveEntry}).
   *
   * @throws FileSystemLoopException past the limit of links
   */
  public String resolveEntry(String unsafe) throws FileSystemLoopException {
    try {
      return ImagePaths.join(SecureJoin.resolveEntry(unsafe, this::components));
    } catch (FileSystemLoopException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // a NUL byte: never a clean path
    }
  }

  private List<String> components(String unsafe) throws FileSystemLoopException {
    try {
      return SecureJoin.resolve(List.of(), unsafe, links);
    } catch (FileSystemLoopException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private String linkTarget(List<String> parent, String name) {
    V value = entries.get(ImagePaths.child(ImagePaths.join(parent), name));
    return value == null ? null : linkTarget.apply(value);
  }
}
