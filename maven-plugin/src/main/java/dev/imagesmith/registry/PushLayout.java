package dev.imagesmith.registry;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.ImageDocument;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.OciLayoutReader;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.io.UntrustedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The OCI layout a push reads ({@link RegistryPusher}): the build's output, but it sat on disk, so
 * every file is read as an untrusted one (regular, no link, capped) and checked against the
 * descriptor that names it before anything leaves.
 */
final class PushLayout {
  private PushLayout() {}

  /**
   * The layout's files as the push reads them: the layout is the build's output, but it sat on
   * disk, so a file there is read only if it is a regular file, never through a link, and capped.
   */
  static UntrustedFiles files(Path layout) {
    return UntrustedFiles.inside(
        "oci:" + layout, "the layout must hold its files itself; run image:build again");
  }

  /** The entry of {@code index.json} that names {@code expected}. */
  static IndexEntry entry(Path layout, Digest expected) throws IOException {
    byte[] indexBytes;
    try {
      indexBytes = files(layout).read(layout.resolve("index.json"), ImageDocument.MAX_BYTES);
    } catch (NoSuchFileException e) {
      throw new UserInputException(
          layout + " holds no image (no index.json); run image:build before image:push");
    }
    ImageIndex index = ImageIndex.parse(indexBytes, layout + "/index.json");
    return index.manifests().stream()
        .filter(e -> e.descriptor().digest().equals(expected))
        .findFirst()
        .orElseThrow(
            () ->
                new UserInputException(
                    layout
                        + " does not hold image "
                        + expected
                        + " named by the digest file; run image:build again so both come"
                        + " from one build"));
  }

  static SourceImage read(Path layout, IndexEntry entry) throws IOException {
    // The reader checks every digest, size and media type of the layout (N12-N14).
    return OciLayoutReader.read(
        layout,
        entry.refName().orElse(null),
        entry.optionalPlatform().orElse(dev.imagesmith.image.Platform.LINUX_AMD64));
  }

  static Path blobFile(Path layout, Digest digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.encoded());
  }

  /**
   * A manifest's (or the index's) exact bytes, read once and checked against its descriptor: what
   * is checked is what is sent (O4).
   */
  static byte[] readVerified(Path layout, Descriptor descriptor) throws IOException {
    Path file = blobFile(layout, descriptor.digest());
    if (descriptor.size() > ImageDocument.MAX_BYTES) {
      throw new UserInputException(
          file + ": " + descriptor.size() + " bytes is too large for a manifest");
    }
    requireBlobFile(file, descriptor);
    byte[] bytes = files(layout).read(file, (int) descriptor.size());
    if (bytes.length != descriptor.size() || !Digest.ofBytes(bytes).equals(descriptor.digest())) {
      throw new UserInputException(
          "blob file "
              + file
              + " is not blob "
              + descriptor.digest()
              + "; it changed after image:build wrote it. Run image:build again, then push");
    }
    return bytes;
  }

  /**
   * The blob's file is there with the manifest's size: a cheap check before any request. Its bytes
   * are checked where they leave ({@link RegistryClient#pushBlob}, O4).
   */
  static void requireBlobFile(Path file, Descriptor descriptor) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "blob "
              + descriptor.digest()
              + " is missing from "
              + file.getParent()
              + "; run image:build again");
    }
    long size = Files.size(file);
    if (size != descriptor.size()) {
      throw new UserInputException(
          "blob file "
              + file
              + " has "
              + size
              + " bytes but the image's blob "
              + descriptor.digest()
              + " has "
              + descriptor.size()
              + "; it changed after image:build wrote it. Run image:build again, then push");
    }
  }
}
