package dev.imagesmith.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Excerpt;
import dev.imagesmith.io.JsonFields;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.UntrustedFiles;
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
 * (N13). Every file is read through {@link UntrustedFiles}: a link, pipe, device or directory where
 * the layout should hold a file is refused before anything is opened, and messages quote the
 * layout's content only as short escaped excerpts (security cases U).
 */
public final class OciLayoutReader {
  private static final int MAX_NESTED_INDEXES = 4;
  private static final int MAX_OCI_LAYOUT_BYTES = 64 * 1024;
  private static final int MAX_LISTED = 20;

  /**
   * The layout directory may be reached through a link (the user named it); nothing in it may, and
   * nothing in it is opened unless it is a regular file.
   */
  private static final String NOT_A_FILE =
      "a layout must hold its files themselves (links inside it are never followed, pipes and"
          + " devices never opened); copy the image into a fresh layout with 'skopeo copy'";

  private final Path dir;
  private final String name;
  private final UntrustedFiles files;

  private OciLayoutReader(Path dir, String name) {
    this.dir = dir;
    this.name = name;
    this.files = UntrustedFiles.inside(name, NOT_A_FILE);
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
    byte[] indexBytes = readSmallFile(dir.resolve("index.json"), ImageDocument.MAX_BYTES);
    checkBlobDirectories();
    ImageIndex index = ImageIndex.parse(indexBytes, name + " index.json");
    IndexEntry top = selectTop(index, tag, platform);
    return resolve(top.descriptor(), platform, 0);
  }

  private void checkLayoutFile() throws IOException {
    Path layoutFile = dir.resolve("oci-layout");
    if (!Files.exists(layoutFile, LinkOption.NOFOLLOW_LINKS)) {
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
        JsonTrees.parseObject(
            readSmallFile(layoutFile, MAX_OCI_LAYOUT_BYTES),
            MAX_OCI_LAYOUT_BYTES,
            name + " oci-layout");
    String version = JsonFields.text(layout, "imageLayoutVersion", name + " oci-layout");
    if (version == null || !version.startsWith("1.")) {
      throw new UserInputException(
          name
              + ": unsupported imageLayoutVersion "
              + Excerpt.quote(version)
              + " in oci-layout (need 1.x)");
    }
  }

  /** {@code blobs/sha256} must be directories of the layout, not links to somewhere else. */
  private void checkBlobDirectories() throws IOException {
    for (Path directory : List.of(dir.resolve("blobs"), dir.resolve("blobs").resolve("sha256"))) {
      if (Files.isSymbolicLink(directory)) {
        throw new UserInputException(
            name
                + ": "
                + directory
                + " is a symbolic link; a layout must hold its blobs itself (links inside it are"
                + " never followed); copy the image into a fresh layout with 'skopeo copy'");
      }
    }
  }

  private IndexEntry selectTop(ImageIndex index, String tag, Platform platform) {
    List<IndexEntry> candidates = new ArrayList<>();
    for (IndexEntry entry : index.manifests()) {
      // An SBOM or provenance stored beside the image (a referrer) is not an image to choose.
      if (entry.isArtifact()) {
        continue;
      }
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
              + (tag == null ? "the layout holds no image" : "no image tagged " + Excerpt.name(tag))
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
            + (tag == null ? "" : " tagged " + Excerpt.name(tag))
            + "; name one by its tag. Tags in the layout: "
            + refNames(index));
  }

  /** The tags of index.json, for messages: escaped, and at most {@value #MAX_LISTED} of them. */
  private static String refNames(ImageIndex index) {
    Set<String> names = new TreeSet<>();
    index.manifests().stream()
        .filter(entry -> !entry.isArtifact())
        .forEach(entry -> names.add(entry.refName().orElse("(untagged)")));
    if (names.isEmpty()) {
      return "none";
    }
    String listed =
        names.stream()
            .limit(MAX_LISTED)
            .map(tag -> tag.equals("(untagged)") ? tag : Excerpt.name(tag))
            .collect(Collectors.joining(", "));
    return names.size() > MAX_LISTED
        ? listed + " and " + (names.size() - MAX_LISTED) + " more"
        : listed;
  }

  private SourceImage resolve(Descriptor descriptor, Platform platform, int depth)
      throws IOException {
    String where = name + " " + descriptor.digest();
    byte[] bytes = readBlob(descriptor, ImageDocument.MAX_BYTES, where);
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
            ImageDocument.MAX_BYTES,
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
    return UntrustedFiles.inside(description, NOT_A_FILE).open(blob);
  }

  private void checkBlobFile(Path blob, Descriptor descriptor, String description)
      throws IOException {
    long size;
    try {
      size = UntrustedFiles.inside(description, NOT_A_FILE).check(blob, Long.MAX_VALUE).size();
    } catch (NoSuchFileException e) {
      throw new UserInputException(
          description + ": blob file " + blob + " is missing; the layout is incomplete");
    }
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
            UntrustedFiles.inside(where, NOT_A_FILE).open(blob),
            descriptor.digest(),
            descriptor.size(),
            where)) {
      byte[] bytes = in.readAllBytes();
      in.drainAndVerify();
      return bytes;
    }
  }

  private byte[] readSmallFile(Path file, int cap) throws IOException {
    try {
      return files.read(file, cap);
    } catch (NoSuchFileException e) {
      throw new UserInputException(name + ": " + file + " is missing; the layout is incomplete", e);
    }
  }
}
