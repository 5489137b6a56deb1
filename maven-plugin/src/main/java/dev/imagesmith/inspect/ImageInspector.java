package dev.imagesmith.inspect;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.fs.archive.LayerTarReader;
import dev.imagesmith.fs.archive.LayerWhiteouts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An image's layers applied in order, bottom first, into the filesystem a container sees: the
 * {@link ImageTree}, what each layer hid, and counts per layer. A build keeps one while it
 * assembles the image: the base's layers are read into it once (or it comes back from the base
 * index cache), the layer writer asks it what lies below ({@code layer.LowerIndex}), each layer the
 * build writes is added from its planned entries, and the checks take the {@link #inspection} from
 * it, so the finished image is never read back.
 *
 * <p>Layers apply as a runtime applies them (OCI layer.md), with the events of {@link
 * LayerTarReader} and the rules the sandbox writer uses: names resolve in-root where they land
 * ({@link dev.imagesmith.fs.PathTree}); whiteouts hide the lower layers' content only ({@link
 * dev.imagesmith.fs.archive.LayerWhiteouts}); an entry replaces what lies at its path, a
 * non-directory taking a directory's children with it; a hardlink is another name of what its
 * target names. Unlike the sandbox, a hardlink to nothing is recorded as an empty file rather than
 * refused: nothing is created on disk here.
 *
 * <p>Each regular file of a tar is read once: hashed, its first bytes checked for the ELF magic,
 * and, in a layer the build added, an ELF file is copied to {@code scratch} and its dynamic section
 * read there (the reader needs random access). The files of a layer this build wrote are read from
 * the sandbox they were written from, when {@link #inspection} is asked for (a rebuild whose report
 * is kept never reads them): their hashes as the layer's cache key took them, their first bytes as
 * the writer read them ({@link WrittenFiles}), so that only the ELF files the library check reads
 * are opened.
 */
public final class ImageInspector {
  private final Path scratch;
  private final WrittenFiles written = new WrittenFiles();
  final ImageTree tree;
  final List<HiddenFile> hidden;
  final List<LayerStats> stats;

  /** Facts of files the base index cache gave, still to be decoded; null when there are none. */
  private InspectorCodec.Deferred deferred;

  /**
   * An inspector of no layers yet.
   *
   * @param scratch an existing directory for temporary copies of ELF files of added layers read
   *     from a tar, or {@code null} if there are none
   */
  public ImageInspector(Path scratch) {
    this(scratch, new ImageTree(), new ArrayList<>(), new ArrayList<>(), null);
  }

  ImageInspector(
      Path scratch,
      ImageTree tree,
      List<HiddenFile> hidden,
      List<LayerStats> stats,
      InspectorCodec.Deferred deferred) {
    this.scratch = scratch;
    this.tree = tree;
    this.hidden = hidden;
    this.stats = stats;
    this.deferred = deferred;
  }

  /**
   * Inspects {@code layers} (bottom first).
   *
   * @param scratch an existing directory for temporary copies of ELF files; emptied again after
   * @throws UserInputException if a layer is not a valid tar
   */
  public static ImageInspection inspect(List<LayerInput> layers, Path scratch) throws IOException {
    ImageInspector inspector = new ImageInspector(scratch);
    for (LayerInput layer : layers) {
      try (InputStream in = layer.opener().open()) {
        inspector.addTar(in, layer.description(), layer.added());
      }
    }
    return inspector.inspection(null);
  }

  /**
   * Applies one more uncompressed layer tar, read to its end (the stream is not closed).
   *
   * @param description names the layer in errors
   * @param added true for a layer this build made: its ELF files are read in full for the library
   *     check
   * @throws UserInputException if the tar is not a valid layer
   */
  public void addTar(InputStream tar, String description, boolean added) throws IOException {
    if (added && scratch == null) {
      throw new IllegalStateException("an added layer's ELF files need a scratch directory");
    }
    Layer layer = new Layer(description, added);
    LayerTarReader.read(tar, description, ExtractLimits.DEFAULTS, layer);
    layer.finish();
  }

  /**
   * Applies a layer this build wrote, from the entries it was written from: every header as in the
   * tar, each regular file's bytes in its {@link ArchiveItem#source}.
   */
  public void addWritten(String description, List<ArchiveItem> entries) throws IOException {
    Layer layer = new Layer(description, true);
    for (ArchiveItem entry : entries) {
      layer.entry(entry, entry.name(), null);
    }
    layer.finish();
  }

  /**
   * Where the layer writer leaves the first bytes of each file it tarred, which {@link #inspection}
   * then takes instead of opening the file again.
   */
  public WrittenFiles written() {
    return written;
  }

  /** The filesystem the layers so far make. */
  public ImageTree tree() {
    return tree;
  }

  /** How many layers were applied. */
  public int layerCount() {
    return stats.size();
  }

  /**
   * What the image holds: the files of layers this build wrote are read now, from the host files
   * their bytes came from.
   *
   * @param hasher the content hashes of those host files, or {@code null} to read each whole (the
   *     hashes a layer's key took are asked first: {@link WrittenFiles})
   */
  public ImageInspection inspection(FileFacts.Hasher hasher) throws IOException {
    readDeferredFacts();
    FileFacts.Hasher hashes = hasher == null ? null : written.or(hasher);
    Map<Path, FileFacts> read = new HashMap<>();
    for (ImageFile file : List.copyOf(tree.all())) {
      if (file.facts() == null && file.source() != null) {
        FileFacts facts = read.get(file.source());
        if (facts == null) {
          boolean config = isLoaderConfig(file.path()) && file.size() <= FileFacts.MAX_CONFIG_BYTES;
          facts =
              FileFacts.read(
                  file.source(),
                  new FileFacts.Wanted(true, config),
                  hashes,
                  written.head(file.source()));
          read.put(file.source(), facts);
        }
        tree.put(file.withFacts(file.isHardlink() ? facts.forHardlink() : facts));
      }
    }
    return new ImageInspection(tree, stats, hidden, Duplicates.find(tree));
  }

  /** Decodes the facts the base index cache gave, if that was not done yet. */
  void readDeferredFacts() throws IOException {
    if (deferred != null) {
      deferred.applyTo(tree);
      deferred = null;
    }
  }

  /** Files the loader reads its search path from: glibc's ld.so.conf (+ includes), musl's .path. */
  static boolean isLoaderConfig(String path) {
    return path.equals("/etc/ld.so.conf")
        || path.startsWith("/etc/ld.so.conf.d/")
        || (path.startsWith("/etc/ld-musl-") && path.endsWith(".path"));
  }

  /** Records {@code file} as hidden if it ships bytes; returns them. */
  private long hide(ImageFile file, int by, String how) {
    if (file != null && file.isRegular() && file.size() > 0) {
      hidden.add(new HiddenFile(file, by, how));
      return file.size();
    }
    return 0;
  }

  /** Hides and removes everything below {@code path}; returns the bytes that hid. */
  private long hideBelow(String path, int by, String how) {
    var below = tree.below(path);
    long bytes = 0;
    for (ImageFile file : below.values()) {
      bytes += hide(file, by, how);
    }
    below.clear();
    return bytes;
  }

  /** One layer being applied. */
  private final class Layer implements LayerTarReader.Events, LayerWhiteouts.Target {
    private final int index = stats.size();
    private final String description;
    private final boolean added;
    private final LayerWhiteouts whiteouts = new LayerWhiteouts();
    private final Map<String, LayerChange> changes = new TreeMap<>();
    private int entries;
    private long fileBytes;
    private int whiteoutCount;

    Layer(String description, boolean added) {
      this.description = description;
      this.added = added;
    }

    @Override
    public boolean entry(ArchiveItem item, String name, InputStream content) throws IOException {
      String path = tree.resolveEntry(name);
      ImageFile file;
      boolean consumed = false;
      if (item.isHardlink()) {
        file = hardlink(item, path);
        if (file == null) {
          return false; // the name it already has
        }
      } else if (item.type() == FileType.REGULAR) {
        FileFacts facts = null;
        if (content != null) {
          boolean config = isLoaderConfig(path) && item.size() <= FileFacts.MAX_CONFIG_BYTES;
          facts = FileFacts.read(content, new FileFacts.Wanted(added, config), scratch);
          consumed = true;
        }
        file = file(item, path, FileType.REGULAR, item.size(), null, facts, item.source());
      } else {
        file = file(item, path, item.type(), 0, null, null, null);
      }
      ImageFile previous = tree.get(path).orElse(null);
      changed(file, previous);
      if (previous != null && previous.isDirectory() && !file.isDirectory()) {
        hideBelow(path, index, "parent replaced");
      }
      hide(tree.put(file), index, "overwritten");
      whiteouts.wrote(path);
      entries++;
      fileBytes += file.size();
      return consumed;
    }

    @Override
    public void whiteout(String name) throws IOException {
      whiteoutCount++;
      whiteouts.whiteout(tree.resolveEntry(name), this);
    }

    @Override
    public void opaque(String directory) throws IOException {
      whiteoutCount++;
      whiteouts.opaque(tree.resolveWhole(directory), this);
    }

    void finish() {
      stats.add(
          new LayerStats(
              index,
              description,
              added,
              entries,
              fileBytes,
              whiteoutCount,
              List.copyOf(changes.values())));
    }

    /**
     * Records what putting {@code file} where {@code previous} lay (null: no entry of its own,
     * though a directory may be implied by entries below it) changes, for the report's per-layer
     * tree. A repeated directory with the same mode and owner changes nothing.
     */
    private void changed(ImageFile file, ImageFile previous) {
      LayerChange earlier = changes.get(file.path());
      LayerChange.Kind kind;
      if (earlier != null) {
        // Written again by this layer: to the layers below it is still what it was at first.
        kind =
            earlier.kind() == LayerChange.Kind.REMOVED ? LayerChange.Kind.CHANGED : earlier.kind();
      } else if (previous == null) {
        boolean implied = !tree.below(file.path()).isEmpty();
        if (implied && file.isDirectory()) {
          return;
        }
        kind = implied ? LayerChange.Kind.CHANGED : LayerChange.Kind.ADDED;
      } else if (previous.isDirectory()
          && file.isDirectory()
          && previous.mode() == file.mode()
          && previous.uid() == file.uid()
          && previous.gid() == file.gid()) {
        return;
      } else {
        kind = LayerChange.Kind.CHANGED;
      }
      changes.put(file.path(), new LayerChange(file.path(), kind, file.type(), file.size()));
    }

    /**
     * Another name of what {@code item}'s target names: its type, attributes and bytes; {@code
     * null} if it is that name itself.
     */
    private ImageFile hardlink(ArchiveItem item, String path) throws IOException {
      String target = tree.resolveEntry("/" + item.hardlinkTarget());
      if (target.equals(path)) {
        return null;
      }
      ImageFile named = tree.get(target).orElse(null);
      if (named != null && named.facts() == null && deferred != null) {
        readDeferredFacts(); // a name of a file from the base index cache: its facts are needed
        named = tree.get(target).orElse(null);
      }
      if (named == null || named.isDirectory()) {
        return file(item, path, FileType.REGULAR, 0, target, null, null);
      }
      return new ImageFile(
          path,
          named.type(),
          index,
          0,
          named.mode(),
          named.uid(),
          named.gid(),
          named.symlinkTarget(),
          target,
          named.facts() == null ? null : named.facts().forHardlink(),
          named.source());
    }

    private ImageFile file(
        ArchiveItem item,
        String path,
        FileType type,
        long size,
        String hardlinkTarget,
        FileFacts facts,
        Path source) {
      return new ImageFile(
          path,
          type,
          index,
          size,
          item.mode(),
          item.uid(),
          item.gid(),
          item.symlinkTarget(),
          hardlinkTarget,
          facts,
          source);
    }

    // ---- what whiteouts remove from: the tree, where a directory may be implied by its children

    @Override
    public boolean exists(String path) {
      return tree.get(path).isPresent() || !tree.below(path).isEmpty();
    }

    @Override
    public boolean isDirectory(String path) {
      ImageFile file = tree.get(path).orElse(null);
      return file == null ? path.equals("/") || !tree.below(path).isEmpty() : file.isDirectory();
    }

    @Override
    public List<String> children(String path) {
      Set<String> children = new LinkedHashSet<>(); // a child's own entry may be missing
      int skip = path.equals("/") ? 1 : path.length() + 1;
      for (String below : tree.below(path).keySet()) {
        children.add(ImagePaths.child(path, below.substring(skip).split("/", 2)[0]));
      }
      return List.copyOf(children);
    }

    @Override
    public void remove(String path, LayerWhiteouts.Why why) {
      String how = why == LayerWhiteouts.Why.OPAQUE ? "parent replaced" : "deleted";
      ImageFile removed = tree.remove(path);
      long bytes = hide(removed, index, how) + hideBelow(path, index, how);
      FileType type = removed == null ? FileType.DIRECTORY : removed.type(); // implied: a directory
      changes.put(path, new LayerChange(path, LayerChange.Kind.REMOVED, type, bytes));
    }
  }
}
