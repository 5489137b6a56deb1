package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.ImageIndex;
import dev.imagesmith.image.IndexEntry;
import dev.imagesmith.image.MediaTypes;
import dev.imagesmith.image.StoredReferrers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes the documents stored beside an image (its SBOM and provenance, OCI artifacts whose {@code
 * subject} is the image) after the image: their blobs, then each manifest by its digest, our exact
 * bytes. A registry that serves the referrers API finds them from the image by itself; for one that
 * does not, the OCI distribution spec's fallback is kept: an image index tagged {@code sha256-<hex
 * of the image digest>} that lists them, merged with what that tag already lists.
 */
final class ReferrerPush {
  private ReferrerPush() {}

  /** Pushes what {@code layout} holds about {@code subject}; returns how many documents. */
  static int push(
      RegistryClient client, String repository, Path layout, Digest subject, BuildLog log)
      throws IOException {
    List<StoredReferrers.Artifact> artifacts = StoredReferrers.of(layout, subject);
    if (artifacts.isEmpty()) {
      return 0;
    }
    for (StoredReferrers.Artifact artifact : artifacts) {
      for (Descriptor blob : artifact.blobs()) {
        if (!client.blobExists(repository, blob)) {
          client.pushBlob(
              repository, blob, layout.resolve("blobs/sha256").resolve(blob.digest().encoded()));
        }
      }
      Digest digest = artifact.manifest().digest();
      Digest answered =
          client.pushManifest(
              repository, digest.toString(), MediaTypes.OCI_MANIFEST, artifact.bytes());
      requireSame(client, repository, digest, answered);
      log.info("  pushed " + artifact.artifactType() + " " + digest);
    }
    if (!client.servesReferrers(repository, subject)) {
      String tag = "sha256-" + subject.encoded();
      List<IndexEntry> entries = new ArrayList<>();
      Optional<Digest> existing = client.manifestDigest(repository, tag);
      if (existing.isPresent()) {
        ImageIndex listed =
            ImageIndex.parse(
                client.fetchManifest(repository, tag).bytes(),
                "registry " + client.registry() + ", repository " + repository + ", tag " + tag);
        entries.addAll(listed.manifests());
      }
      for (StoredReferrers.Artifact artifact : artifacts) {
        entries.removeIf(e -> e.descriptor().digest().equals(artifact.manifest().digest()));
        entries.add(new IndexEntry(artifact.manifest(), null, artifact.artifactType()));
      }
      byte[] index = ImageIndex.of(entries, Map.of()).toJson();
      requireSame(
          client,
          repository,
          Digest.ofBytes(index),
          client.pushManifest(repository, tag, MediaTypes.OCI_INDEX, index));
      log.info(
          "  the registry serves no referrers API: the documents are listed under the tag " + tag);
    }
    return artifacts.size();
  }

  private static void requireSame(
      RegistryClient client, String repository, Digest ours, Digest answered) {
    if (!answered.equals(ours)) {
      throw new ImagesmithException(
          "registry "
              + client.registry()
              + ", repository "
              + repository
              + ": push manifest "
              + ours
              + " answered digest "
              + answered
              + "; the registry changed the manifest");
    }
  }
}
