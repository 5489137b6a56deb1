package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.Manifest;
import dev.imagesmith.image.OciLayoutReader;
import dev.imagesmith.image.SourceImage;
import dev.imagesmith.image.VerifyingInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes the image of an OCI layout (what {@code image:build} wrote) to a registry, digest for
 * digest: every blob is checked against its descriptor before it leaves, blobs the registry has are
 * skipped (HEAD first), base layers from the same registry are mounted, the manifest goes last and
 * is our exact bytes, and the digest the registry reports must equal ours (N18, O13).
 */
public final class RegistryPusher {
  /** Where a built image names its base (set by the build for registry bases). */
  public static final String BASE_NAME = "org.opencontainers.image.base.name";

  private final Registries registries;
  private final BuildLog log;

  public RegistryPusher(Registries registries, BuildLog log) {
    this.registries = registries;
    this.log = log;
  }

  /**
   * Pushes the image {@code expected} from {@code layout} to every reference.
   *
   * @param references full references, one repository, e.g. {@code host/team/app:1.0}
   */
  public PushResult push(Path layout, Digest expected, List<String> references) throws IOException {
    SourceImage image = read(layout, expected);
    Manifest manifest = image.manifest();
    byte[] manifestBytes = readVerified(layout, image.manifestDescriptor());
    if (references.isEmpty()) {
      throw new IllegalArgumentException("nothing to push to");
    }
    RegistryRef first = RegistryRef.parse(references.get(0), "<to><image>");
    for (String reference : references) {
      RegistryRef ref = RegistryRef.parse(reference, "<to>");
      if (!ref.registry().equals(first.registry())
          || !ref.repository().equals(first.repository())) {
        throw new IllegalArgumentException("references of one push share a repository");
      }
    }
    RegistryClient client = registries.client(first.registry());
    String repository = first.repository();
    String mountFrom = mountSource(manifest, first);

    Map<Digest, Descriptor> blobs = new LinkedHashMap<>();
    manifest.layers().forEach(layer -> blobs.putIfAbsent(layer.digest(), layer));
    blobs.putIfAbsent(manifest.config().digest(), manifest.config());
    int uploaded = 0;
    int mounted = 0;
    int present = 0;
    boolean tryMount = mountFrom != null;
    for (Descriptor blob : blobs.values()) {
      Path file = blobFile(layout, blob.digest());
      verifyFile(file, blob);
      if (client.blobExists(repository, blob)) {
        present++;
        log.debug("  blob " + blob.digest() + " already in " + repository);
        continue;
      }
      // Base layers come first in the manifest; the first one the registry will not mount ends
      // the attempts, so a layer of our own never costs a useless mount request.
      if (tryMount && !blob.equals(manifest.config())) {
        if (client.mountBlob(repository, blob, mountFrom)) {
          mounted++;
          log.info("  mounted " + blob.digest() + " from " + mountFrom);
          continue;
        }
        tryMount = false;
      }
      client.pushBlob(repository, blob, file);
      uploaded++;
      log.info("  uploaded " + blob.digest() + " (" + blob.size() + " bytes)");
    }

    List<String> pushed = new ArrayList<>();
    for (String reference : references) {
      RegistryRef ref = RegistryRef.parse(reference, "<to>");
      Digest answered =
          client.pushManifest(repository, ref.tag(), manifest.mediaType(), manifestBytes);
      if (!answered.equals(expected)) {
        throw new ImagesmithException(
            "registry "
                + ref.registry()
                + ", repository "
                + repository
                + ": push manifest "
                + ref.tag()
                + " answered digest "
                + answered
                + " but the image is "
                + expected
                + "; the registry changed the manifest, so the digest in target/image/digest is"
                + " not what it serves");
      }
      pushed.add(reference);
      log.info("Pushed " + reference + "@" + expected);
    }
    return new PushResult(pushed, expected, uploaded, mounted, present);
  }

  private SourceImage read(Path layout, Digest expected) throws IOException {
    byte[] indexBytes;
    try {
      indexBytes = Files.readAllBytes(layout.resolve("index.json"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserInputException(
          layout + " holds no image (no index.json); run image:build before image:push");
    }
    ImageIndex index = ImageIndex.parse(indexBytes, layout + "/index.json");
    IndexEntry entry =
        index.manifests().stream()
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
    // The reader checks every digest, size and media type of the layout (N12-N14).
    return OciLayoutReader.read(
        layout,
        entry.refName().orElse(null),
        entry.optionalPlatform().orElse(dev.imagesmith.image.Platform.LINUX_AMD64));
  }

  /** The repository of a registry base on the same registry, which layers can be mounted from. */
  private static String mountSource(Manifest manifest, RegistryRef target) {
    String base = manifest.annotations().get(BASE_NAME);
    if (base == null) {
      return null;
    }
    try {
      RegistryRef ref = RegistryRef.parse(base, "annotation " + BASE_NAME);
      return ref.registry().equals(target.registry())
              && !ref.repository().equals(target.repository())
          ? ref.repository()
          : null;
    } catch (UserInputException e) {
      return null;
    }
  }

  private static Path blobFile(Path layout, Digest digest) {
    return layout.resolve("blobs").resolve("sha256").resolve(digest.encoded());
  }

  private static byte[] readVerified(Path layout, Descriptor descriptor) throws IOException {
    Path file = blobFile(layout, descriptor.digest());
    verifyFile(file, descriptor);
    return Files.readAllBytes(file);
  }

  /** A blob leaves only if its file is what the manifest says (O4). */
  private static void verifyFile(Path file, Descriptor descriptor) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "blob "
              + descriptor.digest()
              + " is missing from "
              + file.getParent()
              + "; run image:build again");
    }
    try (VerifyingInputStream in =
        new VerifyingInputStream(
            Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
            descriptor.digest(),
            descriptor.size(),
            "blob file " + file)) {
      in.drainAndVerify();
    }
  }
}
