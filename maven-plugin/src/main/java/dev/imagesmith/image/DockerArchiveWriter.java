package dev.imagesmith.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.store.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an image as one tar file that {@code docker load} and {@code skopeo}'s {@code
 * docker-archive:} accept, in the layout Docker 25+ {@code docker save} writes: a {@code
 * manifest.json} pointing at {@code blobs/sha256/<hex>} members, which together with {@code
 * oci-layout} and {@code index.json} also make it an OCI layout. Layer blobs go in as they are
 * (gzip or zstd). The tar is reproducible: entries sorted by name, fixed mtime, uid/gid 0, no user
 * names, fixed modes. It is written under a temporary name and moved into place (O1).
 */
public final class DockerArchiveWriter {
  private static final String CONTAINERD_NAME = "io.containerd.image.name";

  private DockerArchiveWriter() {}

  /** Writes with every entry's mtime at the Unix epoch. */
  public static void write(Path tarFile, BuiltImage image, List<String> repoTags)
      throws IOException {
    write(tarFile, image, repoTags, Instant.EPOCH);
  }

  /**
   * Writes the archive.
   *
   * @param repoTags {@code name:tag} references; a name without tag gets {@code :latest}
   * @param mtime the modification time of every tar entry (e.g. from {@code SOURCE_DATE_EPOCH})
   */
  public static void write(Path tarFile, BuiltImage image, List<String> repoTags, Instant mtime)
      throws IOException {
    List<String> tags = RepoTags.normalized(repoTags);
    Map<String, BlobSource> members = new TreeMap<>();
    for (BlobSource blob : image.blobs()) {
      members.putIfAbsent(blobPath(blob.descriptor().digest()), blob);
    }
    members.put("index.json", BlobSource.ofBytes("", indexJson(image, tags)));
    members.put("manifest.json", BlobSource.ofBytes("", manifestJson(image, tags)));
    members.put("oci-layout", BlobSource.ofBytes("", OciLayoutWriter.OCI_LAYOUT));
    Path target = tarFile.toAbsolutePath().normalize();
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "output file " + target + " is a directory; choose a file name for the archive");
    }
    AtomicFile.to(target)
        .mode(0644)
        .durable()
        .serialized()
        .fill(temp -> ArchiveTar.write(temp, members, mtime));
  }

  private static String blobPath(Digest digest) {
    return "blobs/sha256/" + digest.encoded();
  }

  static byte[] manifestJson(BuiltImage image, List<String> tags) {
    ObjectNode item = JsonTrees.newObject();
    item.put("Config", blobPath(image.configBlob().descriptor().digest()));
    item.set("RepoTags", JsonFields.stringArrayNode(tags));
    List<String> layers = new ArrayList<>();
    image.layers().forEach(layer -> layers.add(blobPath(layer.descriptor().digest())));
    item.set("Layers", JsonFields.stringArrayNode(layers));
    ArrayNode root = JsonTrees.newArray();
    root.add(item);
    return JsonTrees.canonical(root);
  }

  static byte[] indexJson(BuiltImage image, List<String> tags) {
    Descriptor manifest = image.manifestDescriptor();
    List<IndexEntry> entries = new ArrayList<>();
    if (tags.isEmpty()) {
      entries.add(new IndexEntry(manifest, null));
    }
    for (String tag : tags) {
      Map<String, String> annotations =
          Map.of(
              CONTAINERD_NAME,
              RepoTags.fullyQualified(tag),
              IndexEntry.REF_NAME,
              RepoTags.tag(tag));
      entries.add(
          new IndexEntry(
              new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(), annotations),
              null));
    }
    return ImageIndex.of(entries, Map.of()).toJson();
  }
}
