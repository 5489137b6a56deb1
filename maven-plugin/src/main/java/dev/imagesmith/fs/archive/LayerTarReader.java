package dev.imagesmith.fs.archive;

import dev.imagesmith.fs.ArchiveItem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image layer: the one place that knows how a layer tar names what it does (OCI layer.md).
 * Every entry becomes one of three events, in archive order:
 *
 * <ul>
 *   <li>an entry, with its name made absolute but not cleaned ({@code ..} applies where the name
 *       resolves, after the components before it: P21);
 *   <li>a whiteout: {@code dir/.wh.name} hides {@code dir/name} and what lies below it;
 *   <li>an opaque whiteout: {@code dir/.wh..wh..opq} hides everything below {@code dir}.
 * </ul>
 *
 * Whiteouts hide what the layers below hold, never what the same layer writes, wherever they stand
 * in the archive ({@link LayerWhiteouts}). A name that has {@code .wh.} at the start of a directory
 * component is refused (no layer filesystem can hold it, L7); aufs bookkeeping ({@code
 * .wh..wh.plnk}) is skipped; a whiteout's header says nothing but its name, and its body is drained
 * (L9). The archive is read with every check and limit of {@link ArchiveExtractor}; a bad layer
 * fails with one {@link dev.imagesmith.error.UserInputException} naming the layer and the entry.
 *
 * <p>Who applies the events decides what they mean for it: the sandbox writer makes and removes
 * files, the image's filesystem model ({@code inspect}) records paths; both resolve names in-root
 * with the one resolution of {@link dev.imagesmith.fs.PathTree}.
 */
public final class LayerTarReader {
  /** The prefix of a whiteout's name. */
  static final String WHITEOUT = ".wh.";

  /** The name of an opaque whiteout. */
  static final String OPAQUE = ".wh..wh..opq";

  /** The prefix of aufs bookkeeping, never content. */
  static final String WHITEOUT_META = ".wh..wh.";

  /** What a layer does, entry by entry. */
  public interface Events {
    /**
     * An object named {@code name} (absolute, not cleaned); {@code content} is positioned at its
     * body. Returns true if it read exactly {@code item.size()} bytes, false to have the rest
     * drained.
     */
    boolean entry(ArchiveItem item, String name, InputStream content) throws IOException;

    /** {@code name} (absolute, not cleaned) and everything below it are hidden. */
    void whiteout(String name) throws IOException;

    /** Everything below {@code directory} (absolute, not cleaned) is hidden. */
    void opaque(String directory) throws IOException;

    /** Body bytes read past (drained), for a budget. */
    default void skipped(long bytes) throws IOException {}

    /** The layer ended. */
    default void end() throws IOException {}
  }

  private LayerTarReader() {}

  /**
   * Reads an uncompressed layer tar to its end (bytes after the archive included, so that a digest
   * computed underneath sees them all); the stream is not closed.
   *
   * @param where names the layer in errors ({@code "layer 2 of eclipse-temurin:21"})
   */
  public static void read(InputStream tar, String where, ExtractLimits limits, Events events)
      throws IOException {
    ItemSource source;
    try {
      source = ArchiveExtractor.tarSource(new ArchiveExtractor.UnclosedStream(tar), limits);
    } catch (BadEntryException e) {
      throw ItemLoop.failure(where, null, false, e);
    }
    read(source, where, limits, events);
  }

  /** As {@link #read(InputStream, String, ExtractLimits, Events)}, from a parsed archive. */
  static void read(ItemSource source, String where, ExtractLimits limits, Events events)
      throws IOException {
    ItemLoop.run(where, source, new Classifier(limits, events), limits);
  }

  /** Turns each tar entry into its event. */
  private record Classifier(ExtractLimits limits, Events events) implements ItemLoop.Sink {
    @Override
    public boolean accept(ArchiveItem item, InputStream content) throws IOException {
      List<String> parts = EntryNames.parts(item, limits);
      if (isWhiteout(parts)) {
        whiteout(parts); // the name decides; a body is drained (L9)
        return false;
      }
      if (EntryNames.namesDirectoryItself(parts) && !item.isDirectory()) {
        throw new BadEntryException("a " + item.describe() + " cannot be named '.', '..' or '/'");
      }
      return events.entry(item, EntryNames.join("/", parts), content);
    }

    @Override
    public void skipped(long bytes) throws IOException {
      events.skipped(bytes);
    }

    @Override
    public void end() throws IOException {
      events.end();
    }

    private static boolean isWhiteout(List<String> parts) throws BadEntryException {
      for (int i = 0; i < parts.size() - 1; i++) {
        if (parts.get(i).startsWith(WHITEOUT)) {
          // layer.md: names starting with .wh. cannot exist in a layer filesystem (L7).
          throw new BadEntryException(
              "a directory component starts with '.wh.', which is reserved for whiteouts");
        }
      }
      return !parts.isEmpty() && parts.get(parts.size() - 1).startsWith(WHITEOUT);
    }

    private void whiteout(List<String> parts) throws IOException {
      String name = parts.get(parts.size() - 1);
      List<String> parent = parts.subList(0, parts.size() - 1);
      if (name.equals(OPAQUE)) {
        events.opaque(EntryNames.join("/", parent));
        return;
      }
      if (name.startsWith(WHITEOUT_META)) {
        return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs): never content, ignored like moby
      }
      String target = name.substring(WHITEOUT.length());
      if (target.isEmpty() || target.equals(".") || target.equals("..")) {
        throw new BadEntryException("whiteout '" + name + "' names no file");
      }
      List<String> hidden = new ArrayList<>(parent);
      hidden.add(target);
      events.whiteout(EntryNames.join("/", hidden));
    }
  }
}
