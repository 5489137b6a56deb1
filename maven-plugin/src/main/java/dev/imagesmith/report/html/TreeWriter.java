package dev.imagesmith.report.html;

import dev.imagesmith.inspect.LayerChange;
import dev.imagesmith.report.Sizes;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Writes a {@link FileTree} as nested {@code <details>} elements: collapsible without a script,
 * searchable with the browser's find (which opens what it finds), and nothing in it can run. Each
 * row is the name on the left (wrapping, never cut) and fixed columns on the right (change mark,
 * layer, size), so the columns line up at every depth.
 *
 * <p>A chain of directories that only lead to one directory ({@code usr/lib/jvm}) is one row, as
 * code hosts show them: the depth of such a tree is noise.
 */
final class TreeWriter {
  /**
   * A tree this small opens every directory; a larger one only the root, the heavy ones and those
   * leading to a change or removal (a layer's rarer, telling marks).
   */
  private static final int OPEN_ALL = 80;

  /** A directory holding at least this share (1/n) of the tree's bytes starts open. */
  private static final int OPEN_SHARE = 4;

  private final HtmlWriter out;
  private final FileTree tree;
  private final boolean marks;
  private final IntFunction<String> layerColour;

  /**
   * @param marks whether rows carry added/changed/removed marks (a layer's changes)
   * @param layerColour the colour class of a layer's badge, or null for no layer column
   */
  private TreeWriter(
      HtmlWriter out, FileTree tree, boolean marks, IntFunction<String> layerColour) {
    this.out = out;
    this.tree = tree;
    this.marks = marks;
    this.layerColour = layerColour;
  }

  static void write(HtmlWriter out, FileTree tree, boolean marks, IntFunction<String> layerColour) {
    new TreeWriter(out, tree, marks, layerColour).tree();
  }

  private void tree() {
    out.openClass("div", "tree").line();
    out.openClass("div", "r head")
        .element("span", "n", "Name")
        .element("span", "k", marks ? "Change" : "")
        .element("span", "l", layerColour == null ? "" : "Layer")
        .element("span", "s", "Size")
        .close("div")
        .line();
    node(tree.root(), "/");
    out.close("div").line();
  }

  private void node(FileTree.Node first, String label) {
    FileTree.Node node = first;
    StringBuilder name = new StringBuilder(label);
    while (node.mark == null
        && node.hiddenCount == 0
        && node.shownChildren.size() == 1
        && node.shownChildren.get(0).hasChildren()) {
      node = node.shownChildren.get(0); // usr/lib/jvm: one row for a chain of single directories
      name.append(name.charAt(name.length() - 1) == '/' ? "" : "/").append(node.name);
    }
    if (!node.hasChildren()) {
      out.openClass("div", "r");
      row(node, name.toString());
      out.close("div").line();
      return;
    }
    boolean open = tree.shown() <= OPEN_ALL || node.depth == 0 || node.flagged || isHeavy(node);
    out.open("details", "open", open ? "" : null).open("summary", "class", "r");
    row(node, name.toString());
    out.close("summary").line();
    for (FileTree.Node child : node.shownChildren) {
      node(child, child.name);
    }
    if (node.hiddenCount > 0) {
      out.openClass("div", "r more")
          .element(
              "span",
              "n",
              String.format(
                  Locale.ROOT,
                  "\u2026 and %,d more %s, not shown",
                  node.hiddenCount,
                  node.hiddenCount == 1 ? "entry" : "entries"))
          .element("span", "k", "")
          .element("span", "l", "")
          .openClass("span", "s");
      size(node.hiddenBytes, node.hiddenRemovedBytes);
      out.close("span").close("div").line();
    }
    out.close("details").line();
  }

  private boolean isHeavy(FileTree.Node node) {
    return node.weight() > 0 && node.weight() * OPEN_SHARE >= tree.root().weight();
  }

  /** One row's cells: name (and link target), change mark, layer, size. */
  private void row(FileTree.Node node, String name) {
    out.openClass("span", "n" + nameClass(node.mark)).name(name);
    if (node.hasChildren() || (node.directory && node.link == null)) {
      out.text(name.endsWith("/") ? "" : "/");
    }
    if (node.link != null) {
      out.openClass("span", "t").text(node.hardlink ? " hardlink to " : " \u2192 ");
      out.name(node.link).close("span");
    }
    out.close("span");
    mark(node.mark);
    if (layerColour != null && node.layer >= 0 && !node.hasChildren()) {
      out.element("span", "l " + layerColour.apply(node.layer), String.valueOf(node.layer + 1));
    } else {
      out.element("span", "l", "");
    }
    out.openClass("span", "s");
    if (node.hasChildren() || node.mark == LayerChange.Kind.REMOVED) {
      size(node.bytes, node.removedBytes);
    } else if (node.link == null && !node.directory) {
      out.text(Sizes.human(node.size));
    }
    out.close("span");
  }

  private void mark(LayerChange.Kind kind) {
    if (kind == null) {
      out.element("span", "k", "");
      return;
    }
    switch (kind) {
      case ADDED -> out.open("span", "class", "k a", "title", "added").text("A").close("span");
      case CHANGED -> out.open("span", "class", "k c", "title", "changed").text("C").close("span");
      case REMOVED -> out.open("span", "class", "k d", "title", "removed").text("R").close("span");
    }
  }

  private void size(long bytes, long removed) {
    if (bytes > 0 || removed == 0) {
      out.text(Sizes.human(bytes));
    }
    if (removed > 0) {
      out.element("span", "gone", (bytes > 0 ? " " : "") + "\u2212" + Sizes.human(removed));
    }
  }

  private static String nameClass(LayerChange.Kind kind) {
    if (kind == null) {
      return "";
    }
    return switch (kind) {
      case ADDED -> " a";
      case CHANGED -> " c";
      case REMOVED -> " d";
    };
  }
}
