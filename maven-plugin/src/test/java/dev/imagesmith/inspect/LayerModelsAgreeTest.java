package dev.imagesmith.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import dev.imagesmith.fs.archive.ArchiveExtractor;
import dev.imagesmith.layer.LowerIndex;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
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
    Tar base = new Tar().dir("end/", 0755);
    for (int i = 0; i < 50; i++) {
      base.symlink("l" + i, i == 49 ? "end" : "l" + (i + 1));
    }
    assertAgree(base, new Tar().file("l0/file", 0640));
  }

  @Test
  void dotDotAfterASymlink_appliesAfterTheLinkIsExpanded() throws IOException {
    Tar base = new Tar().dir("usr/", 0755).dir("usr/lib64/", 0755).symlink("lib64", "usr/lib64");
    assertAgree(base, new Tar().dir("lib64/../etc/", 0700).file("lib64/../etc/conf", 0600));
  }

  @Test
  void whiteoutOfADirectoryTheLayerAlsoWrites_keepsItWithItsLowerAttributes() throws IOException {
    Tar base = new Tar().dir("d/", 0700).file("d/old", 0644);
    assertAgree(base, new Tar().file("d/new", 0644).file(".wh.d", 0));
  }

  @Test
  void hardlinkToASymlink_isASymlink() throws IOException {
    Tar base = new Tar().dir("bin/", 0755).file("bin/busybox", 0755);
    assertAgree(base, new Tar().symlink("bin/sh", "busybox").hardlink("bin/ash", "bin/sh"));
  }

  private void assertAgree(Tar... layers) throws IOException {
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

  /** A layer tar with modes of our choosing. */
  private static final class Tar {
    private final List<TarArchiveEntry> entries = new ArrayList<>();

    Tar dir(String name, int mode) {
      return add(name, TarConstants.LF_DIR, mode, null);
    }

    Tar file(String name, int mode) {
      return add(name, TarConstants.LF_NORMAL, mode, null);
    }

    Tar symlink(String name, String target) {
      return add(name, TarConstants.LF_SYMLINK, 0777, target);
    }

    Tar hardlink(String name, String target) {
      return add(name, TarConstants.LF_LINK, 0, target);
    }

    private Tar add(String name, byte type, int mode, String link) {
      TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
      entry.setMode(mode);
      if (link != null) {
        entry.setLinkName(link);
      }
      if (type == TarConstants.LF_NORMAL) {
        entry.setSize(name.length());
      }
      entries.add(entry);
      return this;
    }

    byte[] bytes() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (TarArchiveEntry entry : entries) {
          tar.putArchiveEntry(entry);
          if (entry.getSize() > 0) {
            tar.write(entry.getName().getBytes(StandardCharsets.UTF_8));
          }
          tar.closeArchiveEntry();
        }
      }
      return bytes.toByteArray();
    }
  }
}
