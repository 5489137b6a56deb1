package dev.imagesmith.registry;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferException;
import dev.imagesmith.plan.ConfigPaths;
import java.io.IOException;

/**
 * The final words of a failed registry operation: registry, repository, operation, HTTP status and
 * what to do about it (a rejected credential names the source it came from, never the secret). The
 * server's own words (an error body) and exception messages pass through {@link Redaction}: a token
 * service may echo the {@code Authorization} header it got.
 */
final class RegistryErrors {
  private RegistryErrors() {}

  /** The registry refused one request with a 4xx: about that item, not the registry's health. */
  static final class Refused extends UserInputException {
    final int status;

    Refused(String message, int status) {
      super(message);
      this.status = status;
    }
  }

  static RuntimeException status(
      String registry,
      String repository,
      String operation,
      int status,
      String body,
      String credentialHint) {
    String head =
        failed(registry, repository, operation)
            + " with HTTP "
            + status
            + (body == null || body.isBlank() ? "" : " (" + abbreviate(body) + ")");
    return switch (status) {
      case 401 ->
          new Refused(
              head
                  + ". The registry wants credentials: "
                  + credentialHint
                  + ". Set them in settings.xml ("
                  + ConfigPaths.written(
                      ConfigPaths.POM.settingsServer(),
                      ConfigPaths.written(ConfigPaths.POM.settingsServerId(), registry) + "...")
                  + "), in docker config.json (docker login "
                  + registry
                  + ") or in the POM's "
                  + ConfigPaths.POM.auth(),
              status);
      case 403 ->
          new Refused(
              head
                  + ". The credentials ("
                  + credentialHint
                  + ") lack permission for this operation on "
                  + repository
                  + rights(operation),
              status);
      case 404 ->
          new Refused(
              head
                  + ". The repository or tag does not exist; check the name and tag of "
                  + registry
                  + "/"
                  + repository,
              status);
      default ->
          status >= 400 && status < 500
              ? new Refused(head + ". The registry refused the request", status)
              : new ImagesmithException(
                  head + ". The registry is failing; try again later or ask its operator");
    };
  }

  /**
   * A 401 whose Bearer challenge says {@code insufficient_scope} although credentials were sent:
   * the token service knows the user but did not grant the operation.
   */
  static UserInputException insufficientScope(
      String registry, String repository, String operation, String credentialHint) {
    return new Refused(
        failed(registry, repository, operation)
            + " with HTTP 401 (insufficient_scope). The registry's token service did not"
            + " grant the credentials ("
            + credentialHint
            + ") this operation on "
            + repository
            + rights(operation),
        401);
  }

  static ImagesmithException io(
      String registry, String repository, String operation, int attempts, IOException cause) {
    return new ImagesmithException(
        failed(registry, repository, operation)
            + " after "
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + ": "
            + (cause instanceof TransferException stopped
                ? stopped.getMessage()
                    + ". "
                    + stopped.advice(
                        ConfigPaths.POM.downloads().timeout(),
                        ConfigPaths.POM.downloads().idleTimeout(),
                        ConfigPaths.POM.downloads().maxSize())
                : Redaction.text(cause.toString())),
        cause);
  }

  /** {@code registry R, repository X: pull blob D failed}: how every final word begins. */
  private static String failed(String registry, String repository, String operation) {
    return "registry " + registry + ", repository " + repository + ": " + operation + " failed";
  }

  /** Whom to ask for what: pushing and mounting need push rights, the rest pull rights. */
  private static String rights(String operation) {
    boolean push = operation.startsWith("push") || operation.startsWith("mount");
    return "; ask the registry's owner for " + (push ? "push" : "pull") + " rights";
  }

  /**
   * Error bodies are the server's words: secrets masked (before cutting, so that no secret is cut
   * in half and missed), capped so that a hostile one cannot flood the log.
   */
  static String abbreviate(String body) {
    String flat = Redaction.text(body).replaceAll("\\s+", " ").strip();
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
