package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.inspect.ImageFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class LowerIndexTest {

  @Test
  void L1_L3_whiteoutsHideLowerOnly_opaqueAppliesBeforeThisLayersChildren() throws IOException {
    LowerIndex index =
        LowerIndex.fromLayers(
            List.of(
                tar(
                    dir("etc/", 0755),
                    file("etc/passwd", 0644),
                    file("etc/shadow", 0640),
                    dir("usr/", 0755),
                    dir("usr/old/", 0755),
                    file("usr/old/x", 0644)),
                tar(
                    file("usr/early", 0644), // before the opaque marker, same layer: kept
                    file("etc/.wh.passwd", 0),
                    file("usr/.wh..wh..opq", 0),
                    file("usr/new", 0644))));
    assertTrue(index.get("/etc/passwd").isEmpty());
    assertTrue(index.get("/etc/shadow").isPresent());
    assertTrue(index.get("/usr/old").isEmpty());
    assertTrue(index.get("/usr/old/x").isEmpty());
    assertTrue(index.get("/usr/early").isPresent());
    assertTrue(index.get("/usr/new").isPresent());
    assertTrue(index.get("/usr").isPresent(), "the opaque directory itself stays");
    assertTrue(index.get("/etc/.wh.passwd").isEmpty(), "whiteouts are not materialised");
  }

  @Test
  void L10_L11_fileReplacesDirectoryWithChildren_directoryOverDirectoryKeepsThem()
      throws IOException {
    LowerIndex index =
        LowerIndex.fromLayers(
            List.of(
                tar(dir("a/", 0755), file("a/b", 0644), dir("d/", 0755), file("d/child", 0644)),
                tar(file("a", 0600), dir("d/", 0700))));
    assertEquals(FileType.REGULAR, index.get("/a").orElseThrow().type());
    assertTrue(index.get("/a/b").isEmpty());
    assertEquals(0700, index.get("/d").orElseThrow().mode());
    assertTrue(index.get("/d/child").isPresent());
  }

  @Test
  void lookup_resolvesParentsThroughLowerSymlinks_inRoot() throws IOException {
    LowerIndex index =
        LowerIndex.fromLayers(
            List.of(
                tar(
                    dir("usr/", 0755),
                    dir("usr/lib64/", 0755),
                    dir("usr/lib64/private/", 0700),
                    symlink("lib64", "usr/lib64"),
                    symlink("up", "../../.."),
                    symlink("abs", "/usr"))));
    assertEquals(FileType.SYMLINK, index.lookup("/lib64").orElseThrow().type());
    assertEquals(0700, index.lookup("/lib64/private").orElseThrow().mode());
    assertEquals(0700, index.lookup("/abs/lib64/private").orElseThrow().mode());
    assertEquals("/usr", index.resolveParents("/up/usr"), ".. stops at /");
  }

  @Test
  void addLayer_entriesBelowASymlinkLandInItsTarget() throws IOException {
    LowerIndex index =
        LowerIndex.fromLayers(
            List.of(
                tar(dir("usr/", 0755), dir("usr/lib64/", 0755), symlink("lib64", "usr/lib64")),
                tar(dir("lib64/sub/", 0700), file("lib64/.wh.gone", 0))));
    assertEquals(0700, index.get("/usr/lib64/sub").orElseThrow().mode());
    assertEquals(FileType.SYMLINK, index.get("/lib64").orElseThrow().type(), "link not shadowed");
  }

  @Test
  void addLayer_hardlinkTakesItsTargetsTypeAndMode_absoluteAndDotNamesAreCleaned()
      throws IOException {
    TarArchiveEntry link = new TarArchiveEntry("./bin/sh", TarConstants.LF_LINK, true);
    link.setLinkName("/bin/bash");
    LowerIndex index =
        LowerIndex.fromLayers(List.of(tar(dir("./bin/", 0755), file("/bin/bash", 04755), link)));
    ImageFile sh = index.get("/bin/sh").orElseThrow();
    assertEquals(FileType.REGULAR, sh.type());
    assertEquals(04755, sh.mode());
  }

  @Test
  void addLayer_drainsTheStreamToItsEnd() throws IOException {
    byte[] tar = tar(file("a", 0644)).readAllBytes();
    byte[] withTrailer = new byte[tar.length + 4096];
    System.arraycopy(tar, 0, withTrailer, 0, tar.length);
    ByteArrayInputStream in = new ByteArrayInputStream(withTrailer);
    LowerIndex.empty().addLayer(in);
    assertEquals(0, in.available(), "a verifying stream below must see every byte (R3)");
  }

  @Test
  void addLayer_corruptTar_namesTheLayer() {
    byte[] garbage = new byte[1024];
    java.util.Arrays.fill(garbage, 0, 512, (byte) 'A');
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> LowerIndex.empty().addLayer(new ByteArrayInputStream(garbage), "sha256:abc"));
    assertTrue(e.getMessage().startsWith("sha256:abc "), e.getMessage());
  }

  @Test
  void add_writtenLayerEntriesBecomeLower() throws IOException {
    LowerIndex index = LowerIndex.empty();
    index.add(
        new WrittenLayer(
            dev.imagesmith.image.Digest.ofBytes(new byte[0]),
            dev.imagesmith.image.Digest.ofBytes(new byte[0]),
            0,
            0,
            dev.imagesmith.image.MediaTypes.OCI_LAYER,
            java.nio.file.Path.of("unused"),
            List.of(
                new ArchiveItem(
                    "/tmp", FileType.DIRECTORY, 01777, 0, 0, 0, 0, null, null, 0, 0, null, null))));
    assertEquals(01777, index.lookup("/tmp").orElseThrow().mode());
    assertEquals(1, index.size());
  }

  private static TarArchiveEntry dir(String name, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    entry.setMode(mode);
    return entry;
  }

  private static TarArchiveEntry file(String name, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(mode);
    entry.setSize(3);
    return entry;
  }

  private static TarArchiveEntry symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    entry.setMode(0777);
    return entry;
  }

  /** A small uncompressed tar; regular files get a 3-byte body that the index must skip. */
  private static InputStream tar(TarArchiveEntry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (TarArchiveEntry entry : entries) {
        out.putArchiveEntry(entry);
        if (entry.getSize() > 0) {
          out.write("abc".getBytes(StandardCharsets.US_ASCII));
        }
        out.closeArchiveEntry();
      }
    }
    return new ByteArrayInputStream(bytes.toByteArray());
  }
}
