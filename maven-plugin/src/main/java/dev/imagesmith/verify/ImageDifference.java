package dev.imagesmith.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.History;
import dev.imagesmith.image.ImageDocument;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.OciLayoutReader;
import dev.imagesmith.image.Platform;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.SourceLayer;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Where two builds of one image differ: the first layer whose content differs and, in it, the first
 * entries that differ and how ({@code /install/bin/stamp: content differs}); or, when every layer
 * is the same, the first field of the config or the manifest that is not. Both images are read from
 * their OCI layouts, every byte checked against its digest.
 */
public final class ImageDifference {
  /** Entries named at most: enough to see the pattern, few enough to read. */
  static final int MAX_ENTRIES = 10;

  private ImageDifference() {}

  /**
   * Describes how the image {@code second} (in layout {@code secondLayout}) differs from {@code
   * first}, in lines; empty when they are the same image.
   */
  public static List<String> between(
      Path firstLayout, Digest first, Path secondLayout, Digest second, Platform platform)
      throws IOException {
    if (first.equals(second)) {
      return List.of();
    }
    SourceImage a = read(firstLayout, first, platform);
    SourceImage b = read(secondLayout, second, platform);
    List<String> lines = new ArrayList<>();
    List<SourceLayer> layersA = a.layers();
    List<SourceLayer> layersB = b.layers();
    if (layersA.size() != layersB.size()) {
      lines.add("the first build has " + layersA.size() + " layers, the rebuild " + layersB.size());
    }
    for (int i = 0; i < Math.min(layersA.size(), layersB.size()); i++) {
      SourceLayer la = layersA.get(i);
      SourceLayer lb = layersB.get(i);
      if (la.descriptor().digest().equals(lb.descriptor().digest())) {
        continue;
      }
      String label = "layer " + (i + 1) + describe(a, i);
      if (la.diffId().equals(lb.diffId())) {
        lines.add(label + ": the same files, compressed to other bytes");
        return lines;
      }
      lines.add(label + " differs:");
      List<String> entries = LayerEntries.differences(la, lb, MAX_ENTRIES);
      entries.forEach(entry -> lines.add("  " + entry));
      if (entries.isEmpty()) {
        lines.add("  the same entries in another order or with other tar headers");
      }
      return lines;
    }
    if (!lines.isEmpty()) {
      return lines;
    }
    String config =
        firstDifference(
            JsonTrees.parse(a.config().toJson()), JsonTrees.parse(b.config().toJson()), "");
    if (config != null) {
      lines.add("the layers are the same; the config differs at " + config);
    } else {
      lines.add("the layers and the config are the same; the manifest differs");
    }
    return lines;
  }

  /** {@code (builder:/install)}, from the layer's history entry, or nothing. */
  private static String describe(SourceImage image, int layer) {
    int seen = -1;
    for (History history : image.config().history()) {
      if (history.emptyLayer()) {
        continue;
      }
      seen++;
      if (seen == layer && history.createdBy() != null) {
        return " (" + history.createdBy() + ")";
      }
    }
    return "";
  }

  private static SourceImage read(Path layout, Digest digest, Platform platform)
      throws IOException {
    // The layout sat on disk: its index.json is read only as a regular file, never through a link.
    UntrustedFiles files =
        UntrustedFiles.inside(
            "oci:" + layout, "the layout must hold its files itself; build the image again");
    ImageIndex index =
        ImageIndex.parse(
            files.read(layout.resolve("index.json"), ImageDocument.MAX_BYTES),
            layout + "/index.json");
    String tag = null;
    for (IndexEntry entry : index.manifests()) {
      if (entry.descriptor().digest().equals(digest)) {
        tag = entry.refName().orElse(null);
      }
    }
    return OciLayoutReader.read(layout, tag, platform);
  }

  /** The JSON path of the first value that differs, or {@code null}. */
  static String firstDifference(JsonNode a, JsonNode b, String path) {
    if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
      return path.isEmpty() ? "/" : path;
    }
    if (a.isObject()) {
      java.util.TreeSet<String> names = new java.util.TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String found = firstDifference(a.get(name), b.get(name), path + "/" + name);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (a.isArray()) {
      Iterator<JsonNode> ia = a.elements();
      Iterator<JsonNode> ib = b.elements();
      int i = 0;
      while (ia.hasNext() || ib.hasNext()) {
        String found =
            firstDifference(
                ia.hasNext() ? ia.next() : null, ib.hasNext() ? ib.next() : null, path + "/" + i);
        if (found != null) {
          return found;
        }
        i++;
      }
      return null;
    }
    return a.equals(b) ? null : (path.isEmpty() ? "/" : path);
  }
}
