package dev.imagesmith.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@link RegistryServer} for the tests of one class, as a static {@code @RegisterExtension}
 * field: started in a directory of its own before the first test (the class is skipped, saying why,
 * where docker-registry or openssl is missing), stopped and deleted after the last. With token auth
 * a {@link TokenServer} runs beside it, and before each test it forgets what it was told and
 * recorded, and is given the class's grants again. Public for the Maven side's tests.
 */
public final class RegistryFixture
    implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
  private final RegistryServer.Mode mode;
  private final Consumer<TokenServer> grants;
  private Path dir;
  private RegistryServer server;
  private TokenServer tokens;

  private RegistryFixture(RegistryServer.Mode mode, Consumer<TokenServer> grants) {
    this.mode = mode;
    this.grants = grants;
  }

  /** A registry that is plain, asks for basic auth or speaks TLS. */
  public static RegistryFixture of(RegistryServer.Mode mode) {
    if (mode == RegistryServer.Mode.TOKEN) {
      throw new IllegalArgumentException("a token registry needs its grants: use withTokens");
    }
    return new RegistryFixture(mode, null);
  }

  /**
   * A registry with token auth on 127.0.0.1, its {@link TokenServer} on 127.0.0.1 too.
   *
   * @param grants what the token service accepts and grants, given again before each test
   */
  static RegistryFixture withTokens(Consumer<TokenServer> grants) {
    return new RegistryFixture(RegistryServer.Mode.TOKEN, grants);
  }

  public RegistryServer server() {
    return server;
  }

  /** The registry's {@code host:port}. */
  public String address() {
    return server.address();
  }

  /** The token service of a token registry. */
  TokenServer tokens() {
    return tokens;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    RegistryServer.assumeInstalled();
    dir = Files.createTempDirectory("imagesmith-registry-");
    if (mode == RegistryServer.Mode.TOKEN) {
      tokens = TokenServer.start(dir.resolve("tokens"), "127.0.0.1");
      server = RegistryServer.startWithTokens(dir.resolve("registry"), tokens);
    } else {
      server = RegistryServer.start(dir.resolve("registry"), mode);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (tokens != null) {
      tokens.reset();
      grants.accept(tokens);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (server != null) {
      server.close();
    }
    if (tokens != null) {
      tokens.close();
    }
    if (dir != null) {
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(dir)) {
        paths = walk.sorted(Comparator.reverseOrder()).toList();
      }
      for (Path path : paths) {
        Files.delete(path);
      }
    }
  }
}
