package dev.imagesmith.registry;

import dev.imagesmith.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code PUT /v2/<repository>/manifests/<tag>}: our manifest under a tag, exactly these bytes. The
 * answer is the digest the registry reports, else our own digest of the bytes; the caller compares
 * it with the image's (N18).
 *
 * <p>A registry that has just been sent the same blob by two pushers at once (two CI runners
 * filling a shared cache) can briefly answer {@code MANIFEST_BLOB_UNKNOWN} for a blob it has:
 * docker-registry links the blob into the repository after the upload's 201. That answer is asked
 * again after a short wait, a few times, before it counts as a failure.
 */
record PushManifest(String repository, String tag, String mediaType, byte[] bytes)
    implements Endpoint<Digest> {
  @Override
  public String operation() {
    return "push manifest " + tag;
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }

  private static final long[] BLOB_SETTLE_WAITS_MILLIS = {100, 300, 900};

  @Override
  public Digest attempt(RegistryCall call) throws IOException {
    for (int tries = 0; ; tries++) {
      HttpResponse<InputStream> response =
          call.send(
              "PUT",
              "manifests/" + tag,
              Map.of("Content-Type", mediaType),
              () -> BodyPublishers.ofByteArray(bytes));
      try (InputStream body = response.body()) {
        if (response.statusCode() == 400) {
          String words = call.errorBody(response);
          if (!words.contains("MANIFEST_BLOB_UNKNOWN")
              || tries == BLOB_SETTLE_WAITS_MILLIS.length) {
            throw call.failed(400, words);
          }
          settle(BLOB_SETTLE_WAITS_MILLIS[tries]);
          continue;
        }
        call.requireSuccess(response);
      }
      return call.reportedDigest(response).orElse(Digest.ofBytes(bytes));
    }
  }

  private static void settle(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pushing a manifest");
    }
  }
}
