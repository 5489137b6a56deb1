package dev.imagesmith.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.inspect.LayerChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths become nested directories with summed bytes; the choice shows the heaviest first. */
class FileTreeTest {
  @Test
  void paths_nestWithBytesAndCountsSummed() {
    FileTree tree = new FileTree();
    file(tree, "/usr/lib/a.so", 100);
    file(tree, "/usr/lib/b.so", 50);
    file(tree, "/usr/bin/sh", 7);
    file(tree, "/etc/passwd", 3);
    tree.choose(100, 10);
    FileTree.Node usr = tree.root().shownChildren.get(0);
    assertEquals("usr", usr.name);
    assertEquals(157, usr.bytes);
    assertEquals(6, usr.count, "usr, lib, a.so, b.so, bin, sh");
    assertEquals(List.of("lib", "bin"), names(usr.shownChildren), "heaviest first");
    assertEquals(160, tree.root().bytes);
    assertEquals(8, tree.total());
    assertEquals(8, tree.shown());
  }

  @Test
  void choose_budgetSpent_restIsCountedAndSummedPerDirectory() {
    FileTree tree = new FileTree();
    for (int i = 0; i < 100; i++) {
      file(tree, "/d/f" + i, 1000 + i);
    }
    tree.choose(20, 50);
    FileTree.Node d = tree.root().shownChildren.get(0);
    assertEquals(19, d.shownChildren.size(), "the budget counts d itself");
    assertEquals("f99", d.shownChildren.get(0).name);
    assertEquals(81, d.hiddenCount);
    long hidden = 0;
    for (int i = 0; i < 81; i++) {
      hidden += 1000 + i;
    }
    assertEquals(hidden, d.hiddenBytes);
  }

  @Test
  void choose_perDirectoryCap_andFewLeftAreShownRatherThanSummed() {
    FileTree tree = new FileTree();
    for (int i = 0; i < 60; i++) {
      file(tree, "/big/f" + i, 100);
    }
    file(tree, "/small/a", 1);
    file(tree, "/small/b", 1);
    file(tree, "/small/c", 1);
    tree.choose(52, 50);
    FileTree.Node big = tree.root().shownChildren.get(0);
    assertEquals(50, big.shownChildren.size());
    assertEquals(10, big.hiddenCount);
    FileTree.Node small = tree.root().shownChildren.get(1);
    assertEquals(3, small.shownChildren.size(), "budget spent, but 3 left is no 'more' line");
    assertEquals(0, small.hiddenCount);
  }

  @Test
  void choose_changedOrRemovedPathsComeBeforeLargerAddedOnes() {
    FileTree tree = new FileTree();
    for (int i = 0; i < 30; i++) {
      change(tree, "/opt/app/f" + i, LayerChange.Kind.ADDED, 1_000_000);
    }
    change(tree, "/usr/bin/tool", LayerChange.Kind.CHANGED, 10);
    change(tree, "/usr/share/doc", LayerChange.Kind.REMOVED, 5);
    tree.choose(6, 50);
    FileTree.Node usr = tree.root().shownChildren.get(0);
    assertEquals("usr", usr.name);
    assertTrue(usr.flagged);
    assertEquals(List.of("bin", "share"), names(usr.shownChildren));
    assertEquals(5, usr.removedBytes);
    assertEquals(10, usr.bytes);
  }

  @Test
  void choose_deeperThanTheLimit_isSummedIntoItsAncestor() {
    FileTree tree = new FileTree();
    file(tree, "/a".repeat(FileTree.MAX_DEPTH + 5), 9);
    tree.choose(1000, 50);
    FileTree.Node node = tree.root();
    while (!node.shownChildren.isEmpty()) {
      node = node.shownChildren.get(0);
    }
    assertEquals(FileTree.MAX_DEPTH, node.depth);
    assertTrue(node.hasChildren());
    assertEquals(5, node.hiddenCount);
    assertEquals(9, node.hiddenBytes);
  }

  private static void file(FileTree tree, String path, long size) {
    FileTree.Node node = tree.add(path);
    node.directory = false;
    node.size = size;
  }

  private static void change(FileTree tree, String path, LayerChange.Kind kind, long size) {
    file(tree, path, size);
    tree.add(path).mark = kind;
  }

  private static List<String> names(List<FileTree.Node> nodes) {
    return nodes.stream().map(n -> n.name).toList();
  }
}
