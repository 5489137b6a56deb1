package dev.imagesmith.layer;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.PathTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * What the lower layers (base image and layers written before) hold: for each path its type, mode,
 * owner and symlink target, no contents. {@link LayerWriter} consults it so that a new layer never
 * changes a directory it merely passes through: the base's {@code /tmp} stays 1777, and a path that
 * is a symlink below ({@code lib64 -> usr/lib64}) is never shadowed by a directory entry
 * (SECURITY-CASES.md L29, section B).
 *
 * <p>Layers are applied as an extractor applies them (layer.md): whiteouts ({@code .wh.x}, opaque
 * {@code .wh..wh..opq}) hide lower content only and take effect before the same layer's entries; a
 * non-directory replaces a directory with all its children; a directory over a directory replaces
 * attributes and keeps children; parent components resolve through symlinks already in the index
 * (in-root, like securejoin), so entries are kept at the path where they really land. Names are
 * cleaned lexically ({@code ..} clamped at {@code /}); this index only decides attributes, it never
 * names a host file.
 *
 * <p>Mutable and not thread-safe: one build extends it layer by layer.
 */
public final class LowerIndex {
  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_WHITEOUT = ".wh..wh..opq";

  private final PathTree<LayerEntry> entries =
      new PathTree<>(entry -> entry.isSymlink() ? entry.symlinkTarget() : null);

  private LowerIndex() {}

  /** An index of nothing: building {@code FROM scratch}. */
  public static LowerIndex empty() {
    return new LowerIndex();
  }

  /**
   * An index of uncompressed tar layers applied in order ({@code layers[0]} = the base's bottom
   * layer). Each stream is read to its end and not closed.
   */
  public static LowerIndex fromLayers(Iterable<? extends InputStream> layers) throws IOException {
    LowerIndex index = new LowerIndex();
    int number = 0;
    for (InputStream layer : layers) {
      index.addLayer(layer, "lower layer " + number++);
    }
    return index;
  }

  /** Applies one more uncompressed tar layer; see {@link #addLayer(InputStream, String)}. */
  public LowerIndex addLayer(InputStream tar) throws IOException {
    return addLayer(tar, "layer");
  }

  /**
   * Applies one more uncompressed tar layer on top. Reads headers only (bodies are skipped) and
   * then drains the stream to its end, so a digest-verifying stream underneath sees every byte; the
   * stream is not closed.
   *
   * @param source names the layer in error messages (for example its digest)
   * @throws UserInputException if the tar is corrupt
   */
  public LowerIndex addLayer(InputStream tar, String source) throws IOException {
    List<LayerEntry> added = new ArrayList<>();
    List<String> whiteouts = new ArrayList<>();
    List<String> opaqueDirectories = new ArrayList<>();
    Map<String, LayerEntry> byName = new TreeMap<>();
    try {
      TarArchiveInputStream in = new TarArchiveInputStream(tar, StandardCharsets.UTF_8.name());
      TarArchiveEntry header;
      while ((header = in.getNextEntry()) != null) {
        if (header.isGlobalPaxHeader()) {
          continue;
        }
        String path = ImagePaths.lexicalClean("/" + header.getName());
        String name = ImagePaths.name(path);
        if (name.equals(OPAQUE_WHITEOUT)) {
          opaqueDirectories.add(ImagePaths.parent(path));
        } else if (name.startsWith(WHITEOUT_PREFIX)) {
          whiteouts.add(
              ImagePaths.child(ImagePaths.parent(path), name.substring(WHITEOUT_PREFIX.length())));
        } else if (!path.equals("/") || header.isDirectory()) {
          LayerEntry entry = toEntry(header, path, byName);
          byName.put(path, entry);
          added.add(entry);
        }
      }
      tar.transferTo(OutputStream.nullOutputStream());
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      // Commons Compress reports some corrupt headers with runtime exceptions (section F).
      throw new UserInputException(
          source + " is not a valid tar layer: " + e.getMessage() + ". Rebuild or re-pull it.", e);
    } catch (IOException e) {
      throw new UserInputException(
          source + " could not be read as a tar layer: " + e.getMessage() + ".", e);
    }
    // Whiteouts hide lower content only, before this layer's own entries land (layer.md).
    for (String directory : opaqueDirectories) {
      removeDescendants(resolve(directory)); // the directory holding .wh..wh..opq, resolved whole
    }
    for (String whiteout : whiteouts) {
      String target = resolveParents(whiteout);
      entries.remove(target);
      removeDescendants(target);
    }
    for (LayerEntry entry : added) {
      put(entry);
    }
    return this;
  }

  /** Adds what a layer written by {@link LayerWriter} holds (call after each written layer). */
  public LowerIndex add(WrittenLayer layer) {
    for (LayerEntry entry : layer.entries()) {
      put(entry);
    }
    return this;
  }

  /** The entry recorded at exactly {@code cleanPath}, without resolving any symlink. */
  public Optional<LayerEntry> get(String cleanPath) {
    return entries.get(cleanPath);
  }

  /**
   * What an extractor finds at {@code cleanPath}: parent components resolved through the index's
   * symlinks, the last component not followed (a symlink there is the answer).
   */
  public Optional<LayerEntry> lookup(String cleanPath) {
    return get(resolveParents(cleanPath));
  }

  /** Number of paths recorded. */
  public int size() {
    return entries.size();
  }

  /** Every entry, sorted by path, at the path where it lands: what {@link #restore} takes back. */
  java.util.Collection<LayerEntry> entries() {
    return entries.values();
  }

  /** The index {@link #entries} came from. */
  static LowerIndex restore(Iterable<LayerEntry> recorded) {
    LowerIndex index = new LowerIndex();
    for (LayerEntry entry : recorded) {
      index.entries.put(entry.path(), entry);
    }
    return index;
  }

  /**
   * Resolves every component but the last through symlinks recorded in the index, in-root ({@link
   * PathTree}); a path whose links loop is kept as it is (it names nothing here).
   */
  String resolveParents(String cleanPath) {
    try {
      return entries.resolveEntry(cleanPath);
    } catch (FileSystemLoopException e) {
      return cleanPath;
    }
  }

  private String resolve(String path) {
    try {
      return entries.resolve(path);
    } catch (FileSystemLoopException e) {
      return path;
    }
  }

  private void put(LayerEntry entry) {
    String path = resolveParents(entry.path());
    LayerEntry previous = entries.get(path).orElse(null);
    if (previous != null && previous.isDirectory() && !entry.isDirectory()) {
      removeDescendants(path);
    }
    entries.put(path, entry.at(path));
  }

  /** Removes everything strictly below {@code path}. */
  private void removeDescendants(String path) {
    entries.below(path).clear();
  }

  private LayerEntry toEntry(TarArchiveEntry header, String path, Map<String, LayerEntry> layer) {
    int mode = header.getMode() & 07777;
    long uid = header.getLongUserId();
    long gid = header.getLongGroupId();
    if (header.isLink()) {
      // A hardlink shares its target's inode: same type and attributes.
      String target = ImagePaths.lexicalClean("/" + header.getLinkName());
      LayerEntry named =
          layer.containsKey(target) ? layer.get(target) : lookup(target).orElse(null);
      if (named != null) {
        return named.at(path);
      }
      return new LayerEntry(path, FileType.REGULAR, mode, uid, gid, null, null);
    }
    FileType type;
    String symlinkTarget = null;
    if (header.isDirectory()) {
      type = FileType.DIRECTORY;
    } else if (header.isSymbolicLink()) {
      type = FileType.SYMLINK;
      symlinkTarget = header.getLinkName();
    } else if (header.isCharacterDevice()) {
      type = FileType.CHAR_DEVICE;
    } else if (header.isBlockDevice()) {
      type = FileType.BLOCK_DEVICE;
    } else if (header.isFIFO()) {
      type = FileType.FIFO;
    } else {
      type = FileType.REGULAR;
    }
    return new LayerEntry(path, type, mode, uid, gid, symlinkTarget, null);
  }
}
