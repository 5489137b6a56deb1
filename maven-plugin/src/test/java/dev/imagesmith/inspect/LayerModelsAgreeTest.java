package dev.imagesmith.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.layer.LowerIndex;
import dev.imagesmith.testkit.TestTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three places that apply layers agree on what the layers make: the sandbox a stage extracts a
 * base into (on disk), the lower index the layer writer consults, and the inspection the checks
 * read. Each case is one the old models answered differently (their own symlink limits, lexical
 * {@code ..}, whiteouts applied before the layer's own entries, a hardlinked symlink taken for a
 * file); every object must have the same path, type, link target and (directories and files) mode
 * in all three.
 */
class LayerModelsAgreeTest {
  @TempDir Path dir;

  @Test
  void chainOf50Links_entryLandsAtTheEndOfTheChainInEveryModel() throws IOException {
    // The kernel gives up after 40 links, securejoin after 255: one limit for all, 255.
    TestTar base = new TestTar().dir("end/", 0755);
    for (int i = 0; i < 50; i++) {
      base.symlink("l" + i, i == 49 ? "end" : "l" + (i + 1));
    }
    assertAgree(base, new TestTar().file("l0/file", "x", 0640));
  }

  @Test
  void dotDotAfterASymlink_appliesAfterTheLinkIsExpanded() throws IOException {
    TestTar base =
        new TestTar().dir("usr/", 0755).dir("usr/lib64/", 0755).symlink("lib64", "usr/lib64");
    assertAgree(
        base, new TestTar().dir("lib64/../etc/", 0700).file("lib64/../etc/conf", "x", 0600));
  }

  @Test
  void whiteoutOfADirectoryTheLayerAlsoWrites_keepsItWithItsLowerAttributes() throws IOException {
    TestTar base = new TestTar().dir("d/", 0700).file("d/old", "x", 0644);
    assertAgree(base, new TestTar().file("d/new", "x", 0644).whiteout("d"));
  }

  @Test
  void hardlinkToASymlink_isASymlink() throws IOException {
    TestTar base = new TestTar().dir("bin/", 0755).file("bin/busybox", "x", 0755);
    assertAgree(base, new TestTar().symlink("bin/sh", "busybox").hardlink("bin/ash", "bin/sh"));
  }

  private void assertAgree(TestTar... layers) throws IOException {
    Sandbox sandbox = Sandbox.create(dir.resolve("sandbox"));
    ArchiveExtractor extractor = new ArchiveExtractor();
    List<LayerInput> inputs = new ArrayList<>();
    List<InputStream> streams = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      byte[] tar = layers[i].bytes();
      extractor.applyLayer(new ByteArrayInputStream(tar), sandbox, "layer " + i);
      inputs.add(new LayerInput("layer " + i, false, () -> new ByteArrayInputStream(tar)));
      streams.add(new ByteArrayInputStream(tar));
    }
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    ImageTree inspected = ImageInspector.inspect(inputs, scratch).tree();
    LowerIndex lower = LowerIndex.fromLayers(streams);

    Map<String, String> onDisk = new TreeMap<>();
    for (SandboxEntry entry : sandbox.walk("/")) {
      if (!entry.path().equals("/")) {
        onDisk.put(entry.path(), describe(entry.type().name(), entry.linkTarget(), entry.mode()));
      }
    }
    Map<String, String> inspection = new TreeMap<>();
    Map<String, String> lowerIndex = new TreeMap<>();
    for (ImageFile file : inspected.all()) {
      inspection.put(file.path(), describe(file.type().name(), file.symlinkTarget(), file.mode()));
      var below = lower.lookup(file.path()).orElseThrow();
      lowerIndex.put(
          file.path(), describe(below.type().name(), below.symlinkTarget(), below.mode()));
    }
    assertEquals(onDisk, inspection, "the inspection against the sandbox");
    assertEquals(onDisk, lowerIndex, "the lower index against the sandbox");
  }

  private static String describe(String type, String linkTarget, int mode) {
    return type.equals("SYMLINK")
        ? "symlink -> " + linkTarget
        : type.toLowerCase(java.util.Locale.ROOT) + " " + Integer.toOctalString(mode);
  }
}
