package dev.imagesmith.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.JsonTrees;
import dev.imagesmith.io.Redaction;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One docker credential helper ({@code docker-credential-NAME get}): the server on stdin, {@code
 * {"ServerURL":..,"Username":..,"Secret":..}} on stdout, or exit 1 with "credentials not found".
 * The helper is found on the {@code PATH} of the given environment (not necessarily the JVM's), so
 * tests and callers decide where it comes from. Its output is never quoted when it succeeded: it
 * holds the secret.
 *
 * @param name what follows {@code docker-credential-} ({@code desktop}, {@code ecr-login})
 * @param where names the config entry in errors ({@code credHelpers of
 *     /home/u/.docker/config.json})
 */
record CredentialHelper(String name, String where) {
  private static final int MAX_OUTPUT = 64 * 1024;
  private static final long TIMEOUT_SECONDS = 120;
  private static final String IDENTITY_TOKEN_USER = "<token>";

  /** The executable on {@code environment}'s PATH, or empty. */
  Optional<Path> locate(Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir).resolve("docker-credential-" + name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The credential the helper has for {@code serverUrl}, empty when it has none.
   *
   * @throws UserInputException when the helper fails or answers nonsense
   */
  Optional<RegistryCredential> get(
      Path executable, String serverUrl, Map<String, String> environment, String source)
      throws IOException {
    String command = executable + " get";
    ProcessBuilder builder = new ProcessBuilder(executable.toString(), "get");
    builder.environment().put("PATH", environment.getOrDefault("PATH", ""));
    Process process = builder.start();
    // Both streams are drained on their own threads, so a helper that hangs cannot hang us.
    CompletableFuture<byte[]> stdoutBytes =
        CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<byte[]> stderr =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // A helper that exits without reading stdin; its exit code says what happened.
    }
    int exit;
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw failure(command, serverUrl, "did not answer within " + TIMEOUT_SECONDS + " s");
      }
      exit = process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running " + command);
    }
    byte[] out = join(stdoutBytes);
    String stdout = new String(out, StandardCharsets.UTF_8).strip();
    if (exit != 0) {
      if (stdout.contains("credentials not found")) {
        return Optional.empty();
      }
      // docker-credential-helpers print their errors on stdout; a failed run should carry no
      // secret, and what looks like one is masked should a broken helper print it anyway.
      String said =
          Redaction.text((stdout + " " + new String(join(stderr), StandardCharsets.UTF_8)).strip());
      throw failure(
          command,
          serverUrl,
          "exited with code " + exit + (said.isEmpty() ? "" : ": " + abbreviate(said)));
    }
    JsonNode answer;
    try {
      answer = JsonTrees.parse(out);
    } catch (IOException | RuntimeException e) {
      throw failure(
          command,
          serverUrl,
          "printed something that is not JSON (not shown: it may hold a secret)");
    }
    JsonNode user = answer.get("Username");
    JsonNode secret = answer.get("Secret");
    if (user == null || !user.isTextual() || secret == null || !secret.isTextual()) {
      throw failure(command, serverUrl, "printed JSON without a Username and a Secret");
    }
    if (IDENTITY_TOKEN_USER.equals(user.asText())) {
      // The docker CLI's convention (cli/config/credentials): this user name marks the secret as
      // an identity token, stored by docker login for registries that issue one.
      return Optional.of(RegistryCredential.ofIdentityToken("", secret.asText(), source));
    }
    return Optional.of(new RegistryCredential(user.asText(), secret.asText(), source));
  }

  private UserInputException failure(String command, String serverUrl, String what) {
    return new UserInputException(
        "docker credential helper '"
            + name
            + "' ("
            + where
            + "): '"
            + command
            + "' for "
            + serverUrl
            + " "
            + what
            + ". Run 'echo "
            + serverUrl
            + " | docker-credential-"
            + name
            + " get' to see the problem, log in again (docker login), or remove the entry");
  }

  private static byte[] read(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT);
      in.transferTo(OutputStream.nullOutputStream());
      return bytes;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static byte[] join(CompletableFuture<byte[]> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading a credential helper");
    } catch (ExecutionException e) {
      return new byte[0];
    }
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
  }
}
