package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.inspect.LayerChange;
import dev.imagesmith.inspect.LayerStats;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each layer changed, as {@code dive} shows it: a tree per layer of the paths it added,
 * changed or removed relative to the layers below, with a legend. The layers the build added start
 * open; the base's, usually many files nobody here chose, start closed.
 */
final class LayerContentsSection {
  /** Nodes shown at most per layer the build added, and per base layer. */
  static final int MAX_SHOWN_ADDED = 1000;

  static final int MAX_SHOWN_BASE = 400;

  private LayerContentsSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageInspection inspection = data.inspection();
    List<LayerSummary> layers = data.image().layers();
    out.open("section").line().element("h2", "Layer contents").line();
    legend(out);
    for (LayerStats stats : inspection.layers()) {
      layer(data, out, stats, stats.index() < layers.size() ? layers.get(stats.index()) : null);
    }
    out.close("section").line();
  }

  private static void legend(HtmlWriter out) {
    out.openClass("div", "legend").line();
    out.open("span", "class", "k a").text("A").close("span");
    out.text(" added: nothing lay at the path in the layers below. ");
    out.open("span", "class", "k c").text("C").close("span");
    out.text(" changed: the layer replaced what lay there (content, type, mode or owner). ");
    out.open("span", "class", "k d").text("R").close("span");
    out.text(
        " removed: a whiteout or a replaced directory hides it and all below it; its size is"
            + " the bytes it hid, shipped by a lower layer all the same. ");
    out.text(
        "Sizes are the bytes of regular files, a directory's the sum below it. A directory"
            + " without a mark only leads to the changes; repeated directory entries with the"
            + " same mode and owner are not changes.");
    out.close("div").line();
  }

  private static void layer(ReportData data, HtmlWriter out, LayerStats stats, LayerSummary layer) {
    Map<LayerChange.Kind, Integer> counts = new EnumMap<>(LayerChange.Kind.class);
    FileTree tree = new FileTree();
    for (LayerChange change : stats.changes()) {
      counts.merge(change.kind(), 1, Integer::sum);
      FileTree.Node node = tree.add(change.path());
      node.directory = change.isDirectory();
      node.mark = change.kind();
      node.size = change.size();
      if (change.isSymlink() && change.kind() != LayerChange.Kind.REMOVED) {
        ImageFile now = data.inspection().tree().get(change.path()).orElse(null);
        node.link = now != null && now.layer() == stats.index() ? now.symlinkTarget() : null;
      }
    }
    int maxShown = stats.added() ? MAX_SHOWN_ADDED : MAX_SHOWN_BASE;
    tree.choose(maxShown, FilesystemSection.MAX_CHILDREN);

    out.open("details", "class", "layer", "open", stats.added() ? "" : null).open("summary");
    out.element("strong", "Layer " + (stats.index() + 1)).text(" \u00b7 ");
    out.name(layer == null ? stats.description() : layer.fromBase() ? "base" : layer.origin());
    out.text(
        String.format(
            Locale.ROOT,
            " \u00b7 %,d added, %,d changed, %,d removed \u00b7 %s in files",
            counts.getOrDefault(LayerChange.Kind.ADDED, 0),
            counts.getOrDefault(LayerChange.Kind.CHANGED, 0),
            counts.getOrDefault(LayerChange.Kind.REMOVED, 0),
            Sizes.human(stats.fileBytes())));
    out.close("summary").line();
    if (stats.changes().isEmpty()) {
      out.element("p", "This layer changes nothing.").line();
    } else {
      if (tree.shown() < tree.total()) {
        out.openClass("p", "cut");
        FilesystemSection.cutNote(out, tree, maxShown, FilesystemSection.MAX_CHILDREN);
        out.close("p").line();
      }
      TreeWriter.write(out, tree, true, null);
    }
    out.close("details").line();
  }
}
