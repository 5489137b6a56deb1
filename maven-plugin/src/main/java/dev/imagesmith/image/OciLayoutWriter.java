package dev.imagesmith.image;

import dev.imagesmith.store.AtomicDirectory;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes an image as an OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code
 * blobs/sha256/<hex>}). The whole layout is built in a sibling temporary directory, {@code
 * index.json} last, and then put in place of the target, so the target is always either the old
 * complete layout or the new complete one (security-cases.md O1, O2).
 */
public final class OciLayoutWriter {
  /** The content of the {@code oci-layout} file. */
  static final byte[] OCI_LAYOUT =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

  private OciLayoutWriter() {}

  /**
   * Writes {@code image} to the layout directory {@code target}, replacing an earlier layout there.
   * {@code index.json} lists the manifest once per tag with the {@value IndexEntry#REF_NAME}
   * annotation (once without it when there are no tags).
   *
   * @return the manifest descriptor (its digest is the image digest)
   */
  public static Descriptor write(Path target, BuiltImage image, List<String> tags)
      throws IOException {
    return write(target, image, tags, List.of());
  }

  /**
   * Writes {@code image} with documents about it ({@link Referrer}s of the image: its SBOM, its
   * provenance), each listed in {@code index.json} after the image, untagged, with its {@code
   * artifactType}.
   */
  public static Descriptor write(
      Path target, BuiltImage image, List<String> tags, List<Referrer.Stored> referrers)
      throws IOException {
    List<String> refNames = RefNames.validated(tags);
    AtomicDirectory.replace(target, "oci-layout", temp -> fill(temp, image, refNames, referrers));
    return image.manifestDescriptor();
  }

  private static void fill(
      Path dir, BuiltImage image, List<String> refNames, List<Referrer.Stored> referrers)
      throws IOException {
    Path blobs = dir.resolve("blobs");
    Path sha256 = blobs.resolve("sha256");
    Files.createDirectories(sha256);
    AtomicFile.setMode(blobs, 0755);
    AtomicFile.setMode(sha256, 0755);
    Set<Digest> written = new HashSet<>();
    List<BlobSource> all = new ArrayList<>(image.blobs());
    referrers.forEach(referrer -> all.addAll(referrer.blobs()));
    for (BlobSource blob : all) {
      if (written.add(blob.descriptor().digest())) {
        BlobFiles.place(blob, sha256.resolve(blob.descriptor().digest().encoded()));
      }
    }
    AtomicFile.syncDirectory(sha256);
    writeSmallFile(dir.resolve("oci-layout"), OCI_LAYOUT);
    writeSmallFile(dir.resolve("index.json"), indexJson(image, refNames, referrers));
  }

  static byte[] indexJson(BuiltImage image, List<String> refNames) {
    return indexJson(image, refNames, List.of());
  }

  static byte[] indexJson(
      BuiltImage image, List<String> refNames, List<Referrer.Stored> referrers) {
    Descriptor manifest = image.manifestDescriptor();
    Platform platform = image.config().platform();
    List<IndexEntry> entries = new ArrayList<>();
    if (refNames.isEmpty()) {
      entries.add(new IndexEntry(manifest, platform));
    }
    for (String ref : refNames) {
      entries.add(
          new IndexEntry(
              new Descriptor(
                  manifest.mediaType(),
                  manifest.digest(),
                  manifest.size(),
                  Map.of(IndexEntry.REF_NAME, ref)),
              platform));
    }
    referrers.forEach(referrer -> entries.add(referrer.entry()));
    return ImageIndex.of(entries, Map.of()).toJson();
  }

  private static void writeSmallFile(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    AtomicFile.setMode(file, 0644);
    AtomicFile.sync(file);
  }
}
