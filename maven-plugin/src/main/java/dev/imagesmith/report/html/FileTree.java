package dev.imagesmith.report.html;

import dev.imagesmith.inspect.LayerChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Flat paths (the final filesystem, or what one layer changed) as nested directories with their
 * bytes summed, and the choice of which nodes the page shows.
 *
 * <p>A large image has tens of thousands of paths; all of them would make a page of tens of MB that
 * a browser renders for seconds. So {@link #choose} shows the heaviest nodes first, best-first over
 * the whole tree, until a budget of nodes is spent, at most so many children per directory and down
 * to a depth limit; what is left out is counted and summed per directory, for a line "and K more (X
 * MB)". The cut is by weight, so the bytes a reader looks for are what is shown.
 */
final class FileTree {
  /** Deeper nodes are summed into their ancestor: deeper trees are not read, only scrolled. */
  static final int MAX_DEPTH = 40;

  /**
   * One path; a directory implied by the paths below it has no entry of its own ({@link #real}).
   */
  static final class Node {
    final String path;
    final String name;
    final Node parent;
    final int depth;

    /** Whether an entry lies here (a directory may be implied by its children only). */
    boolean real;

    boolean directory = true;

    /** How a layer changed this path, or null (the final filesystem; an unchanged parent). */
    LayerChange.Kind mark;

    /** Bytes this entry ships (removed: the bytes it hid), and the layer holding it, or -1. */
    long size;

    int layer = -1;

    /** A symlink's target, or a hardlink's, for showing; null for anything else. */
    String link;

    boolean hardlink;
    private List<Node> children;

    /** Shipped bytes at and below this node, removed bytes the same way, and nodes counted. */
    long bytes;

    long removedBytes;
    int count;

    /** Whether a layer changed or removed this path or one below it. */
    boolean flagged;

    boolean shown;

    /** The shown children, heaviest first; the rest summed into hidden*. */
    List<Node> shownChildren = List.of();

    int hiddenCount;
    long hiddenBytes;
    long hiddenRemovedBytes;

    private Node(String path, String name, Node parent) {
      this.path = path;
      this.name = name;
      this.parent = parent;
      this.depth = parent == null ? 0 : parent.depth + 1;
    }

    boolean hasChildren() {
      return children != null && !children.isEmpty();
    }

    /** What the choice weighs: bytes shipped or hidden below, whichever the view shows. */
    long weight() {
      return bytes + removedBytes;
    }
  }

  /** Changed or removed paths first, then heaviest first; then by path, for equal pages. */
  static final Comparator<Node> ORDER =
      Comparator.comparing((Node n) -> !n.flagged)
          .thenComparingLong(n -> -n.weight())
          .thenComparing(n -> n.path);

  /** A directory leaving out this many entries or fewer shows them instead. */
  static final int FEW = 3;

  private final Node root = new Node("/", "/", null);
  private final Map<String, Node> byPath = new HashMap<>();

  /** Every node, each after its parent: summing in reverse finishes children first. */
  private final List<Node> nodes = new ArrayList<>();

  private int shownCount;

  FileTree() {
    byPath.put("/", root);
    nodes.add(root);
  }

  Node root() {
    return root;
  }

  /** Nodes in the tree, the root left out. */
  int total() {
    return root.count - 1;
  }

  /** Nodes {@link #choose} showed, the root left out. */
  int shown() {
    return shownCount;
  }

  /** The node at {@code path} (clean, absolute), made with its parents if new; marked real. */
  Node add(String path) {
    Node node = node(path);
    node.real = true;
    return node;
  }

  private Node node(String path) {
    Node node = byPath.get(path);
    if (node != null) {
      return node;
    }
    int slash = path.lastIndexOf('/');
    Node parent = node(slash <= 0 ? "/" : path.substring(0, slash));
    node = new Node(path, path.substring(slash + 1), parent);
    if (parent.children == null) {
      parent.children = new ArrayList<>();
    }
    parent.children.add(node);
    byPath.put(path, node);
    nodes.add(node);
    return node;
  }

  /**
   * Sums the tree, then shows the heaviest nodes: {@code maxShown} in all, at most {@code
   * maxChildren} per directory, none deeper than {@link #MAX_DEPTH}. Paths a layer changed or
   * removed (and their parents) come before any it only added, whatever their size: they are what a
   * layer view is read for, and usually few. Last, a directory that would leave out {@value #FEW}
   * entries or fewer shows them instead, since its "more" line would take their room anyway: a
   * quarter of {@code maxShown} more at most.
   */
  FileTree choose(int maxShown, int maxChildren) {
    sum();
    root.shown = true;
    PriorityQueue<Node> queue = new PriorityQueue<>(ORDER);
    enqueueChildren(root, queue);
    while (!queue.isEmpty() && shownCount < maxShown) {
      Node node = queue.poll();
      if (node.parent.shownChildren.size() >= maxChildren || node.depth > MAX_DEPTH) {
        continue; // summed into its parent's "more" line
      }
      show(node);
      enqueueChildren(node, queue);
    }
    int extra = maxShown / 4;
    for (Node node : nodes) { // parents first: a shown few may be a directory with a few more
      if (!node.shown || !node.hasChildren()) {
        continue;
      }
      int left = node.children.size() - node.shownChildren.size();
      if (left > 0
          && left <= FEW
          && left <= extra
          && node.depth < MAX_DEPTH
          && node.shownChildren.size() + left <= maxChildren) {
        node.children.stream().filter(child -> !child.shown).sorted(ORDER).forEach(this::show);
        node.shownChildren.sort(ORDER);
        extra -= left;
      }
    }
    for (Node node : nodes) {
      if (node.shown && node.hasChildren()) {
        for (Node child : node.children) {
          if (!child.shown) {
            node.hiddenCount += child.count;
            node.hiddenBytes += child.bytes;
            node.hiddenRemovedBytes += child.removedBytes;
          }
        }
      }
    }
    return this;
  }

  /** Children and each node's bytes, counts and flag are summed from the leaves up. */
  private void sum() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      if (node.mark == LayerChange.Kind.REMOVED) {
        node.removedBytes += node.size;
      } else {
        node.bytes += node.size;
      }
      node.count++;
      node.flagged |=
          node.mark == LayerChange.Kind.CHANGED || node.mark == LayerChange.Kind.REMOVED;
      if (node.hasChildren()) {
        node.directory = true;
      }
      if (node.parent != null) {
        node.parent.bytes += node.bytes;
        node.parent.removedBytes += node.removedBytes;
        node.parent.count += node.count;
        node.parent.flagged |= node.flagged;
      }
    }
  }

  private void show(Node node) {
    node.shown = true;
    if (node.parent.shownChildren.isEmpty()) {
      node.parent.shownChildren = new ArrayList<>();
    }
    node.parent.shownChildren.add(node);
    shownCount++;
  }

  private static void enqueueChildren(Node node, PriorityQueue<Node> queue) {
    if (node.hasChildren()) {
      queue.addAll(node.children);
    }
  }
}
