package dev.imagesmith.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a base image from an OCI image layout directory. Every digest is validated before it names
 * a file (N12), every blob's size is checked before it is read and its digest after (R14), nested
 * indexes are followed by platform (N14), and manifests that could also be indexes are refused
 * (N13).
 */
public final class OciLayoutReader {
  private static final int MAX_NESTED_INDEXES = 4;
  private static final int MAX_OCI_LAYOUT_BYTES = 64 * 1024;

  private final Path dir;
  private final String name;

  private OciLayoutReader(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  /**
   * Reads one image.
   *
   * @param tagOrNull the {@value IndexEntry#REF_NAME}; {@code null} when the layout holds exactly
   *     one image
   * @param platform the platform to select from a multi-platform image, and to check the image
   *     against
   */
  public static SourceImage read(Path dir, String tagOrNull, Platform platform) throws IOException {
    String name = "oci:" + dir + (tagOrNull == null ? "" : ":" + tagOrNull);
    return new OciLayoutReader(dir, name).read(tagOrNull, platform);
  }

  private SourceImage read(String tag, Platform platform) throws IOException {
    checkLayoutFile();
    byte[] indexBytes = readSmallFile(dir.resolve("index.json"), Json.MAX_DOCUMENT_BYTES);
    ImageIndex index = ImageIndex.parse(indexBytes, name + " index.json");
    IndexEntry top = selectTop(index, tag, platform);
    return resolve(top.descriptor(), platform, 0);
  }

  private void checkLayoutFile() throws IOException {
    Path layoutFile = dir.resolve("oci-layout");
    if (!Files.isRegularFile(layoutFile)) {
      throw new UserInputException(
          name
              + ": "
              + dir
              + " is not an OCI image layout (no oci-layout file); create one with 'skopeo copy"
              + " docker://IMAGE oci:"
              + dir
              + ":TAG'");
    }
    ObjectNode layout =
        Json.parseObject(
            readSmallFile(layoutFile, MAX_OCI_LAYOUT_BYTES),
            MAX_OCI_LAYOUT_BYTES,
            name + " oci-layout");
    String version = Json.text(layout, "imageLayoutVersion", name + " oci-layout");
    if (version == null || !version.startsWith("1.")) {
      throw new UserInputException(
          name + ": unsupported imageLayoutVersion '" + version + "' in oci-layout (need 1.x)");
    }
  }

  private IndexEntry selectTop(ImageIndex index, String tag, Platform platform) {
    List<IndexEntry> candidates = new ArrayList<>();
    for (IndexEntry entry : index.manifests()) {
      if (tag == null || tag.equals(entry.refName().orElse(null))) {
        candidates.add(entry);
      }
    }
    Set<Digest> digests = new LinkedHashSet<>();
    candidates.forEach(entry -> digests.add(entry.descriptor().digest()));
    if (candidates.isEmpty()) {
      throw new UserInputException(
          name
              + ": "
              + (tag == null ? "the layout holds no image" : "no image tagged '" + tag + "'")
              + "; tags in the layout: "
              + refNames(index));
    }
    if (digests.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.stream().allMatch(entry -> entry.platform() != null)) {
      // index.json itself lists one manifest per platform.
      return ImageIndex.of(candidates, null).select(platform, name);
    }
    throw new UserInputException(
        name
            + ": the layout holds "
            + digests.size()
            + " different images"
            + (tag == null ? "" : " tagged '" + tag + "'")
            + "; name one by its tag. Tags in the layout: "
            + refNames(index));
  }

  private static String refNames(ImageIndex index) {
    Set<String> names = new TreeSet<>();
    index.manifests().forEach(entry -> names.add(entry.refName().orElse("(untagged)")));
    return names.isEmpty() ? "none" : names.stream().collect(Collectors.joining(", "));
  }

  private SourceImage resolve(Descriptor descriptor, Platform platform, int depth)
      throws IOException {
    String where = name + " " + descriptor.digest();
    byte[] bytes = readBlob(descriptor, Json.MAX_DOCUMENT_BYTES, where);
    ImageDocument document = ImageDocument.parse(bytes, descriptor.mediaType(), where);
    if (document instanceof ImageIndex nested) {
      if (depth >= MAX_NESTED_INDEXES) {
        throw new UserInputException(
            where + ": indexes nested more than " + MAX_NESTED_INDEXES + " deep");
      }
      return resolve(nested.select(platform, name).descriptor(), platform, depth + 1);
    }
    Manifest manifest = (Manifest) document;
    Descriptor configDescriptor = manifest.config();
    byte[] configBytes =
        readBlob(
            configDescriptor,
            Json.MAX_DOCUMENT_BYTES,
            name + " config " + configDescriptor.digest());
    ImageConfig config =
        ImageConfig.parse(configBytes, name + " config " + configDescriptor.digest());
    List<Digest> diffIds = config.diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new UserInputException(
          name
              + ": manifest "
              + descriptor.digest()
              + " has "
              + manifest.layers().size()
              + " layers but its config lists "
              + diffIds.size()
              + " diff_ids; the image is broken");
    }
    List<SourceLayer> layers = new ArrayList<>();
    for (int i = 0; i < diffIds.size(); i++) {
      Descriptor layer = manifest.layers().get(i);
      Path blob = blobPath(layer.digest());
      String description = "layer " + (i + 1) + " (" + layer.digest() + ") of " + name;
      layers.add(
          new SourceLayer(
              layer, diffIds.get(i), description, () -> openBlob(blob, layer, description)));
    }
    // The index entry's annotations (ref.name) describe the entry, not the manifest.
    Descriptor manifestDescriptor =
        new Descriptor(descriptor.mediaType(), descriptor.digest(), descriptor.size());
    return new SourceImage(name, manifestDescriptor, manifest, config, layers)
        .requirePlatform(platform);
  }

  private Path blobPath(Digest digest) {
    // Safe: Digest admits only 64 lowercase hex digits, never a separator or '..'.
    return dir.resolve("blobs").resolve("sha256").resolve(digest.encoded());
  }

  private InputStream openBlob(Path blob, Descriptor descriptor, String description)
      throws IOException {
    checkBlobFile(blob, descriptor, description);
    return Files.newInputStream(blob, LinkOption.NOFOLLOW_LINKS);
  }

  private void checkBlobFile(Path blob, Descriptor descriptor, String description)
      throws IOException {
    if (!Files.exists(blob, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          description + ": blob file " + blob + " is missing; the layout is incomplete");
    }
    if (!Files.isRegularFile(blob, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          description + ": blob " + blob + " is not a regular file (symlinks are refused)");
    }
    long size = Files.size(blob);
    if (size != descriptor.size()) {
      throw new UserInputException(
          description
              + ": blob "
              + blob
              + " has "
              + size
              + " bytes but its descriptor says "
              + descriptor.size()
              + "; the layout is corrupt or was tampered with");
    }
  }

  private byte[] readBlob(Descriptor descriptor, int cap, String where) throws IOException {
    if (descriptor.size() > cap) {
      throw new UserInputException(
          where
              + ": descriptor size "
              + descriptor.size()
              + " exceeds the limit of "
              + cap
              + " bytes");
    }
    Path blob = blobPath(descriptor.digest());
    checkBlobFile(blob, descriptor, where);
    try (VerifyingInputStream in =
        new VerifyingInputStream(
            Files.newInputStream(blob, LinkOption.NOFOLLOW_LINKS),
            descriptor.digest(),
            descriptor.size(),
            where)) {
      byte[] bytes = in.readAllBytes();
      in.drainAndVerify();
      return bytes;
    }
  }

  private byte[] readSmallFile(Path file, int cap) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > cap) {
        throw new UserInputException(
            name + ": " + file.getFileName() + " is larger than " + cap + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new UserInputException(name + ": " + file + " is missing; the layout is incomplete", e);
    }
  }
}
