package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Descriptor;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A monolithic upload: {@code POST /v2/<repository>/blobs/uploads/} opens a session, {@code PUT
 * <Location>?digest=<digest>} sends the whole blob, hashed as it goes ({@link UploadBody}, O4).
 * Each attempt opens a new session: a broken upload cannot be resumed reliably (N9). The {@code
 * Location} must stay on the registry, scheme and {@code host:port} (N5).
 */
final class PushBlob implements Endpoint<Void> {
  private final String repository;
  private final Descriptor blob;
  private final UploadBody body;

  PushBlob(String repository, Descriptor blob, Path file, LongConsumer sent) {
    this.repository = repository;
    this.blob = blob;
    this.body = new UploadBody(blob, file, sent);
  }

  @Override
  public String repository() {
    return repository;
  }

  @Override
  public String operation() {
    return "push blob " + blob.digest();
  }

  @Override
  public Scope scope() {
    return Scope.push(repository);
  }

  @Override
  public Void attempt(RegistryCall call) throws IOException {
    HttpResponse<InputStream> start =
        call.send("POST", "blobs/uploads/", Map.of(), BodyPublishers::noBody);
    String location;
    try (InputStream ignored = start.body()) {
      if (start.statusCode() != 202) {
        call.requireSuccess(start);
        throw call.failed(start.statusCode(), "");
      }
      location = start.headers().firstValue("Location").orElse(null);
    }
    URI upload = uploadUri(call, location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(upload + separator + "digest=" + blob.digest());
    HttpResponse<InputStream> done =
        call.send("PUT", put, Map.of("Content-Type", "application/octet-stream"), body::publisher);
    try (InputStream ignored = done.body()) {
      // Ours first: a changed file is the user's to fix, whatever the registry answered.
      body.requireSentBlob();
      call.requireSuccess(done);
    }
    return null;
  }

  private static URI uploadUri(RegistryCall call, String location) throws IOException {
    if (location == null) {
      throw new ImagesmithException(
          call.where() + ": the registry opened an upload without a Location");
    }
    URI base = call.base();
    URI resolved = base.resolve(location);
    if (!RegistryRef.isRegistryAuthority(call.registry(), resolved)
        || !resolved.getScheme().equals(base.getScheme())) {
      // The layer and the credentials must not go to a host the user did not name (N5).
      throw new UserInputException(
          call.where()
              + ": the registry asked to upload to "
              + Redaction.url(resolved.getScheme() + "://" + resolved.getRawAuthority())
              + ", which is not "
              + base
              + "; refusing");
    }
    return resolved;
  }
}
