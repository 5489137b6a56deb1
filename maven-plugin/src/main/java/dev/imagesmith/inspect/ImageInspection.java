package dev.imagesmith.inspect;

import java.util.Comparator;
import java.util.List;

/**
 * What an image holds, measured from its layers: the final filesystem, per-layer counts, and the
 * wasted bytes (files hidden by later layers, and files a lower layer already ships).
 */
public record ImageInspection(
    ImageTree tree,
    List<LayerStats> layers,
    List<HiddenFile> hidden,
    List<DuplicateFile> duplicates) {
  public ImageInspection {
    layers = List.copyOf(layers);
    hidden =
        hidden.stream()
            .sorted(
                Comparator.comparingLong((HiddenFile h) -> -h.file().size())
                    .thenComparingInt(h -> h.file().layer())
                    .thenComparing(h -> h.file().path()))
            .toList();
    duplicates = List.copyOf(duplicates);
  }

  /** A path and its size in bytes. */
  public record Sized(String path, long bytes, int layer) {}

  /** Bytes shipped but hidden by a later layer. */
  public long hiddenBytes() {
    return hidden.stream().mapToLong(h -> h.file().size()).sum();
  }

  /** Bytes shipped again although a lower layer has the same content. */
  public long duplicateBytes() {
    return duplicates.stream().mapToLong(d -> d.file().size()).sum();
  }

  /** Hidden plus duplicated bytes: what {@code <maxWastedBytes>} limits. */
  public long wastedBytes() {
    return hiddenBytes() + duplicateBytes();
  }

  /** Wasted bytes stored in layer {@code index}. */
  public long wastedBytesIn(int index) {
    long sum = 0;
    for (HiddenFile h : hidden) {
      sum += h.file().layer() == index ? h.file().size() : 0;
    }
    for (DuplicateFile d : duplicates) {
      sum += d.file().layer() == index ? d.file().size() : 0;
    }
    return sum;
  }

  /** The {@code limit} largest visible regular files, largest first, then by path. */
  public List<Sized> largestFiles(int limit) {
    return tree.all().stream()
        .filter(file -> file.isRegular() && file.size() > 0)
        .map(file -> new Sized(file.path(), file.size(), file.layer()))
        .sorted(order())
        .limit(limit)
        .toList();
  }

  /** Bytes of the visible regular files (each stored once). */
  public long visibleFileBytes() {
    return tree.all().stream().filter(ImageFile::isRegular).mapToLong(ImageFile::size).sum();
  }

  /**
   * Bytes of the regular files all layers store, seen or not. {@link #visibleFileBytes} over this
   * is {@code dive}'s efficiency; the difference is exactly {@link #hiddenBytes}, since every file
   * a layer ships either stays visible or is hidden by a later one. Files shipped twice under two
   * names are both visible, so only {@link #wastedBytes} counts them.
   */
  public long shippedFileBytes() {
    return layers.stream().mapToLong(LayerStats::fileBytes).sum();
  }

  private static Comparator<Sized> order() {
    return Comparator.comparingLong((Sized s) -> -s.bytes()).thenComparing(Sized::path);
  }
}
