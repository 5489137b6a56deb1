package dev.imagesmith.registry;

import dev.imagesmith.image.Descriptor;
import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The distribution protocol against one registry, as Imagesmith needs it. Bytes go over the wire
 * exactly as given and come back verified: what is pushed is our manifest, byte for byte, and what
 * is pulled matches its digest or is refused.
 *
 * <p>Failures: a user's mistake (unknown name, rejected credentials, missing permission) throws
 * {@link dev.imagesmith.error.UserInputException}; anything else after the retries are spent throws
 * {@link dev.imagesmith.error.ImagesmithException}. Both name registry, repository, operation and
 * HTTP status.
 */
public interface RegistryClient {
  /** {@code host[:port]}. */
  String registry();

  /** A manifest's bytes as the registry served them, their media type and digest. */
  record FetchedManifest(byte[] bytes, String mediaType, Digest digest) {}

  /** The digest a tag points at now (HEAD), or empty when the tag does not exist. */
  Optional<Digest> manifestDigest(String repository, String tag) throws IOException;

  /**
   * A manifest or index by tag or digest; with a digest the bytes are checked against it, with a
   * tag against the registry's {@code Docker-Content-Digest}.
   */
  FetchedManifest fetchManifest(String repository, String reference) throws IOException;

  /**
   * Downloads a blob into {@code destination} (created or truncated), verified against digest and
   * size; a reset or truncated transfer is retried from the start.
   */
  void fetchBlob(String repository, Descriptor blob, Path destination) throws IOException;

  /** Whether the repository holds the blob with the descriptor's size (HEAD). */
  boolean blobExists(String repository, Descriptor blob) throws IOException;

  /**
   * Asks the registry to link a blob from another repository into this one; {@code false} when it
   * declined (the caller uploads instead).
   */
  boolean mountBlob(String repository, Descriptor blob, String fromRepository) throws IOException;

  /**
   * Uploads the blob in {@code file}, hashing it as it is sent.
   *
   * @throws dev.imagesmith.error.UserInputException if the bytes sent are not the blob (the file
   *     changed since it was written): the caller must not push a manifest naming it (O4)
   */
  default void pushBlob(String repository, Descriptor blob, Path file) throws IOException {
    pushBlob(repository, blob, file, bytes -> {});
  }

  /**
   * As {@link #pushBlob(String, Descriptor, Path)}, telling {@code sent} each piece of the body as
   * it is read for sending (a retry sends it again from the start).
   */
  void pushBlob(String repository, Descriptor blob, Path file, LongConsumer sent)
      throws IOException;

  /**
   * Puts a manifest under a tag, exactly these bytes, and returns the digest the registry reports
   * (our own digest of the bytes when it reports none).
   */
  Digest pushManifest(String repository, String tag, String mediaType, byte[] bytes)
      throws IOException;

  /**
   * Whether the registry serves the referrers API for the repository: then an artifact manifest
   * with a {@code subject} is found from its subject by itself; otherwise the pusher keeps the tag
   * {@code sha256-<hex>} that the OCI distribution spec names as the fallback.
   */
  boolean servesReferrers(String repository, Digest subject) throws IOException;
}
