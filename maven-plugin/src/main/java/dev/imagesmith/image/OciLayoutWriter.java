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

  /**
   * Writes a multi-platform image: the image index over {@code images} (one entry per image, with
   * its platform, in the given order) tagged with every tag, each image's blobs, and each image's
   * documents listed untagged after the index.
   *
   * <p>Each image was written to a layout of its own first ({@code layouts}, same order, on the
   * same file system), with its documents: their blobs are hard-linked from there, so no base layer
   * is read, hashed and copied a second time (where no link can be made they are copied and
   * checked); the blobs of {@code referrers} are only listed.
   *
   * @return the index's descriptor (its digest is the multi-platform image's digest)
   */
  public static Descriptor writeIndex(
      Path target,
      List<BuiltImage> images,
      List<Path> layouts,
      List<List<Referrer.Stored>> referrers,
      List<String> tags)
      throws IOException {
    if (layouts.size() != images.size() || referrers.size() != images.size()) {
      throw new IllegalArgumentException("one layout and one list of documents per image");
    }
    List<String> refNames = RefNames.validated(tags);
    List<IndexEntry> platforms = new ArrayList<>();
    List<BlobSource> blobs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      BuiltImage image = images.get(i);
      platforms.add(new IndexEntry(image.manifestDescriptor(), image.config().platform()));
      List<BlobSource> own = new ArrayList<>(image.blobs());
      referrers.get(i).forEach(document -> own.addAll(document.blobs()));
      Path written = layouts.get(i).resolve("blobs").resolve("sha256");
      for (BlobSource blob : own) {
        Descriptor descriptor = blob.descriptor();
        blobs.add(BlobSource.ofFile(descriptor, written.resolve(descriptor.digest().encoded())));
      }
    }
    BlobSource index =
        BlobSource.ofBytes(MediaTypes.OCI_INDEX, ImageIndex.of(platforms, Map.of()).toJson());
    blobs.add(index);
    List<Referrer.Stored> documents = referrers.stream().flatMap(List::stream).toList();
    AtomicDirectory.replace(
        target,
        "oci-layout",
        temp ->
            fillWith(temp, blobs, documents, taggedEntries(index.descriptor(), null, refNames)));
    return index.descriptor();
  }

  private static void fill(
      Path dir, BuiltImage image, List<String> refNames, List<Referrer.Stored> referrers)
      throws IOException {
    fillWith(
        dir,
        image.blobs(),
        referrers,
        taggedEntries(image.manifestDescriptor(), image.config().platform(), refNames));
  }

  /** Writes the blobs (each once), {@code oci-layout}, then {@code index.json}. */
  private static void fillWith(
      Path dir,
      List<BlobSource> blobSources,
      List<Referrer.Stored> referrers,
      List<IndexEntry> tagged)
      throws IOException {
    Path blobs = dir.resolve("blobs");
    Path sha256 = blobs.resolve("sha256");
    Files.createDirectories(sha256);
    AtomicFile.setMode(blobs, 0755);
    AtomicFile.setMode(sha256, 0755);
    Set<Digest> written = new HashSet<>();
    List<BlobSource> all = new ArrayList<>(blobSources);
    referrers.forEach(referrer -> all.addAll(referrer.blobs()));
    for (BlobSource blob : all) {
      if (written.add(blob.descriptor().digest())) {
        BlobFiles.place(blob, sha256.resolve(blob.descriptor().digest().encoded()));
      }
    }
    AtomicFile.syncDirectory(sha256);
    writeSmallFile(dir.resolve("oci-layout"), OCI_LAYOUT);
    List<IndexEntry> entries = new ArrayList<>(tagged);
    referrers.forEach(referrer -> entries.add(referrer.entry()));
    writeSmallFile(dir.resolve("index.json"), ImageIndex.of(entries, Map.of()).toJson());
  }

  static byte[] indexJson(BuiltImage image, List<String> refNames) {
    return indexJson(image, refNames, List.of());
  }

  static byte[] indexJson(
      BuiltImage image, List<String> refNames, List<Referrer.Stored> referrers) {
    List<IndexEntry> entries =
        new ArrayList<>(
            taggedEntries(image.manifestDescriptor(), image.config().platform(), refNames));
    referrers.forEach(referrer -> entries.add(referrer.entry()));
    return ImageIndex.of(entries, Map.of()).toJson();
  }

  /**
   * The entries of {@code index.json} that name {@code manifest}: once per tag with the {@value
   * IndexEntry#REF_NAME} annotation, once without when there are no tags.
   */
  private static List<IndexEntry> taggedEntries(
      Descriptor manifest, Platform platform, List<String> refNames) {
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
    return entries;
  }

  private static void writeSmallFile(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    AtomicFile.setMode(file, 0644);
    AtomicFile.sync(file);
  }
}
