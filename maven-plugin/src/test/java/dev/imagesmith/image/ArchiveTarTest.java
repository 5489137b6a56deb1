package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.ImagesmithException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker-archive's tar, written in large pieces, is byte for byte the tar {@code
 * TarArchiveOutputStream} writes for the same members (the archives of every earlier build stay
 * what they were), and still checks each blob against its descriptor.
 */
class ArchiveTarTest {
  private static final Instant MTIME = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path tmp;

  @Test
  void largePieces_sameBytesAsCommonsCompress() throws Exception {
    Map<String, BlobSource> members = new TreeMap<>();
    // A file blob of 3 MB and one byte (padding), one of exactly 1024 bytes (none), an empty one.
    for (int size : new int[] {3_000_001, 1024, 0}) {
      byte[] bytes = new byte[size];
      new SplittableRandom(size).nextBytes(bytes);
      Path file = Files.write(tmp.resolve("blob-" + size), bytes);
      Descriptor descriptor =
          new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(bytes), size);
      members.put(
          "blobs/sha256/" + descriptor.digest().encoded(), BlobSource.ofFile(descriptor, file));
    }
    members.put("manifest.json", BlobSource.ofBytes("", "[{\"Config\":\"x\"}]".getBytes()));
    members.put("oci-layout", BlobSource.ofBytes("", OciLayoutWriter.OCI_LAYOUT));
    assertTrue(ArchiveTar.plain(members, MTIME));
    Path ours = tmp.resolve("ours.tar");
    Path theirs = tmp.resolve("theirs.tar");
    ArchiveTar.write(ours, members, MTIME);
    ArchiveTar.writeThroughCommonsCompress(theirs, members, MTIME);
    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    assertEquals(
        "blobs/\nblobs/sha256/\n" + String.join("\n", members.keySet()) + "\n",
        Tools.run(tmp, "tar", "-tf", ours.toString()));
  }

  @Test
  void subSecondTime_writtenByCommonsCompress_withItsExtendedHeader() throws Exception {
    Map<String, BlobSource> members = new TreeMap<>();
    members.put("oci-layout", BlobSource.ofBytes("", OciLayoutWriter.OCI_LAYOUT));
    Instant fraction = MTIME.plusMillis(250);
    assertFalse(ArchiveTar.plain(members, fraction));
    Path ours = tmp.resolve("ours.tar");
    Path theirs = tmp.resolve("theirs.tar");
    ArchiveTar.write(ours, members, fraction);
    ArchiveTar.writeThroughCommonsCompress(theirs, members, fraction);
    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
  }

  @Test
  void blobFileChangedAfterItWasWritten_refused() throws Exception {
    byte[] bytes = "layer bytes".getBytes();
    Path file = Files.write(tmp.resolve("blob"), bytes);
    Descriptor descriptor =
        new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(bytes), bytes.length);
    Files.write(file, "LAYER BYTES".getBytes()); // same size, other bytes
    Map<String, BlobSource> members =
        new TreeMap<>(
            Map.of(
                "blobs/sha256/" + descriptor.digest().encoded(),
                BlobSource.ofFile(descriptor, file)));
    ImagesmithException e =
        assertThrows(
            ImagesmithException.class,
            () -> ArchiveTar.write(tmp.resolve("a.tar"), members, MTIME));
    assertTrue(e.getMessage().contains(descriptor.digest().toString()), e.getMessage());
  }

  @Test
  void blobFileReplacedByASymlink_notFollowed() throws Exception {
    byte[] bytes = "layer bytes".getBytes();
    Path secret = Files.write(tmp.resolve("host-secret"), bytes); // the very bytes, even
    Path blob = Files.createSymbolicLink(tmp.resolve("blob"), secret);
    Descriptor descriptor =
        new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(bytes), bytes.length);
    Map<String, BlobSource> members =
        new TreeMap<>(
            Map.of(
                "blobs/sha256/" + descriptor.digest().encoded(),
                BlobSource.ofFile(descriptor, blob)));

    // The docker-archive writer fills a temporary file and drops it on this failure (AtomicFile).
    assertThrows(IOException.class, () -> ArchiveTar.write(tmp.resolve("a.tar"), members, MTIME));
  }

  @Test
  void blobFileGrownPastItsSize_readNoFurtherThanOneByteBeyond() throws Exception {
    byte[] bytes = "layer bytes".getBytes();
    Descriptor descriptor =
        new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(bytes), bytes.length);
    Path file = Files.write(tmp.resolve("blob"), new byte[4 * 1024 * 1024]);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BlobSource.ofFile(descriptor, file).writeTo(out);

    assertEquals(bytes.length + 1, out.size());
  }
}
