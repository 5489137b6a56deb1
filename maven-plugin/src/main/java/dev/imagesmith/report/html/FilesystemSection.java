package dev.imagesmith.report.html;

import dev.imagesmith.inspect.ImageFile;
import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.report.LayerSummary;
import dev.imagesmith.report.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The final filesystem as a container sees it, as a tree of directories (largest first) with the
 * layer each file comes from: where the bytes are, nested, rather than a flat list of parents.
 */
final class FilesystemSection {
  /** Nodes shown at most: a few hundred kB of page however large the image. */
  static final int MAX_SHOWN = 2000;

  /** Children shown at most per directory (a /usr/bin of 2000 commands). */
  static final int MAX_CHILDREN = 50;

  private FilesystemSection() {}

  static void write(ReportData data, HtmlWriter out) {
    ImageInspection inspection = data.inspection();
    FileTree tree = new FileTree();
    for (ImageFile file : inspection.tree().all()) {
      FileTree.Node node = tree.add(file.path());
      node.directory = file.isDirectory();
      node.size = file.size();
      node.layer = file.layer();
      node.hardlink = file.isHardlink();
      node.link = file.isHardlink() ? file.hardlinkTarget() : file.symlinkTarget();
    }
    tree.choose(MAX_SHOWN, MAX_CHILDREN);
    out.open("section").line().element("h2", "Filesystem").line();
    out.open("p")
        .text(
            String.format(
                Locale.ROOT,
                "The final image's %,d entries as a container sees them, %s in files;",
                tree.total(),
                Sizes.human(inspection.visibleFileBytes())))
        .text(" each directory lists its largest entries first, and a file's layer is its number")
        .text(" in the Layers table. ");
    cutNote(out, tree, MAX_SHOWN, MAX_CHILDREN);
    out.close("p").line();
    TreeWriter.write(out, tree, false, layerColours(data.image().layers()));
    out.close("section").line();
  }

  /** Says what the tree leaves out, if anything: how it was cut and where the rest is summed. */
  static void cutNote(HtmlWriter out, FileTree tree, int maxShown, int maxChildren) {
    if (tree.shown() >= tree.total()) {
      out.text("All are shown.");
      return;
    }
    out.element(
        "strong",
        String.format(Locale.ROOT, "Shown: %,d of %,d entries,", tree.shown(), tree.total()));
    out.text(
        String.format(
            Locale.ROOT,
            " the largest first: about %,d in all, at most %,d per directory, %d levels deep."
                + " The last line of a directory counts and sums what it leaves out.",
            maxShown,
            maxChildren,
            FileTree.MAX_DEPTH));
  }

  /** The colour class of each layer's badge: the chart's colour of its origin. */
  static IntFunction<String> layerColours(List<LayerSummary> layers) {
    Map<String, String> colours = LayerChart.colours(layers);
    return index -> index < layers.size() ? LayerChart.colour(colours, layers.get(index)) : "c0";
  }
}
