package dev.imagesmith.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each layer added, changed and removed relative to the layers below (the report's per-layer
 * tree, as dive shows it), recorded while the layers are applied from real tars; and the byte
 * accounting behind the efficiency figure: every byte a layer ships stays visible or is hidden.
 */
class LayerChangesTest {
  @TempDir Path scratch;

  @Test
  void changes_eachKindAgainstTheLayersBelow() throws IOException {
    ImageInspection inspection =
        inspect(
            TestTar.tar()
                .dir("etc/", 0755)
                .file("etc/conf", "old")
                .dir("opt/", 0755)
                .file("opt/keep", "k")
                .dir("var/", 0755)
                .dir("var/cache/", 0755)
                .file("var/cache/a", "12345")
                .file("var/cache/b", "123")
                .dir("data/", 0755)
                .file("data/x", "xx")
                .dir("tree/", 0755)
                .file("tree/y", "yyyy"),
            TestTar.tar()
                .dir("etc/", 0755) // the same directory again: no change
                .file("etc/conf", "new!") // overwritten
                .dir("opt/", 0700) // its mode changed
                .file("opt/new", "n") // added
                .file("opt/new", "n2") // written twice by this layer: still added
                .whiteout("var/cache") // removed with both files below
                .symlink("tree", "data")); // a directory replaced by a symlink

    assertEquals(
        List.of(),
        changes(inspection, 0).values().stream().filter(c -> !c.startsWith("ADDED")).toList(),
        "the first layer only adds");
    assertEquals(
        "ADDED DIRECTORY 0", changes(inspection, 0).get("/var/cache"), "a directory, no bytes");
    Map<String, String> second = changes(inspection, 1);
    assertEquals("CHANGED REGULAR 4", second.get("/etc/conf"));
    assertEquals("CHANGED DIRECTORY 0", second.get("/opt"));
    assertEquals("ADDED REGULAR 2", second.get("/opt/new"));
    assertEquals("REMOVED DIRECTORY 8", second.get("/var/cache"), "with the bytes it hid");
    assertEquals("CHANGED SYMLINK 0", second.get("/tree"));
    assertEquals(null, second.get("/etc"), "a repeated directory is no change");
  }

  @Test
  void changes_opaqueDirectoryRemovesEachLowerChild() throws IOException {
    ImageInspection inspection =
        inspect(
            TestTar.tar().dir("d/").file("d/a", "aaa").dir("d/sub/").file("d/sub/b", "bb"),
            TestTar.tar().dir("d/").file("d/.wh..wh..opq", "").file("d/c", "c"));
    Map<String, String> second = changes(inspection, 1);
    assertEquals("REMOVED REGULAR 3", second.get("/d/a"));
    assertEquals("REMOVED DIRECTORY 2", second.get("/d/sub"));
    assertEquals("ADDED REGULAR 1", second.get("/d/c"));
    assertEquals(3, second.size(), second.toString());
  }

  @Test
  void changes_removedThenWrittenAgainBySameLayer_isAChange() throws IOException {
    ImageInspection inspection =
        inspect(
            TestTar.tar().dir("d/").file("d/f", "old"),
            TestTar.tar().whiteout("d/f").file("d/f", "new"));
    assertEquals("CHANGED REGULAR 3", changes(inspection, 1).get("/d/f"));
  }

  @Test
  void bytes_everyShippedByteIsSeenOrHidden() throws IOException {
    ImageInspection inspection =
        inspect(
            TestTar.tar().dir("a/").file("a/one", "1111").file("a/two", "22").dir("b/"),
            TestTar.tar().file("a/one", "333").whiteout("a/two").file("b/dup", "1111"),
            TestTar.tar().file("b", "replaces the directory"));
    assertEquals(4 + 2 + 3 + 4 + 22, inspection.shippedFileBytes());
    assertEquals(3 + 22, inspection.visibleFileBytes());
    assertEquals(
        inspection.shippedFileBytes(), inspection.visibleFileBytes() + inspection.hiddenBytes());
  }

  private ImageInspection inspect(TestTar... layers) throws IOException {
    List<LayerInput> inputs = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      byte[] tar = layers[i].bytes();
      inputs.add(new LayerInput("layer " + i, false, () -> new ByteArrayInputStream(tar)));
    }
    return ImageInspector.inspect(inputs, scratch);
  }

  private static Map<String, String> changes(ImageInspection inspection, int layer) {
    Map<String, String> changes = new TreeMap<>();
    for (LayerChange change : inspection.layers().get(layer).changes()) {
      changes.put(change.path(), change.kind() + " " + change.type() + " " + change.size());
    }
    return changes;
  }
}
