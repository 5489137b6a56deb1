package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.image.Digest;
import dev.imagesmith.registry.CredentialSource;
import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryFixture;
import dev.imagesmith.registry.RegistryOptions;
import dev.imagesmith.registry.RegistryServer;
import dev.imagesmith.registry.RetryPolicy;
import dev.imagesmith.testkit.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoExtension;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn -X} adds (issue 17): each registry request with its status, and the caches'
 * decisions with their keys; never a secret (the catalogue's class S). The build pulls its base
 * from a registry that wants a password, given as a settings.xml server, then builds again on the
 * same cache.
 */
@MojoTest
class DebugLogTest extends HarnessTestBase {
  @RegisterExtension
  static final RegistryFixture registry = RegistryFixture.of(RegistryServer.Mode.BASIC_AUTH);

  @TempDir Path dir;

  private PushMojoCredentialsTest.CapturingLog build(BuildMojo mojo) throws Exception {
    Server server = new Server();
    server.setId(registry.address());
    server.setUsername(RegistryServer.USER);
    server.setPassword(RegistryServer.PASSWORD);
    Settings settings = new Settings();
    settings.addServer(server);
    MojoExtension.setVariableValueToObject(mojo, "settings", settings);
    session.getUserProperties().setProperty("image.from", registry.address() + "/team/base:1");
    PushMojoCredentialsTest.CapturingLog log = new PushMojoCredentialsTest.CapturingLog();
    writingInto(mojo, dir, log);
    mojo.execute();
    return log;
  }

  private static String only(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " in\n" + text);
    return m.group(1);
  }

  @Test
  @Basedir("/projects/proxy")
  @InjectMojo(goal = "build", pom = "pom.xml")
  void debug_requestsAndCacheDecisionsWithKeys_noSecret(BuildMojo mojo) throws Exception {
    RegistryOptions withPassword =
        new RegistryOptions(
            List.of(
                CredentialSource.fixed(
                    registry.address(),
                    new RegistryCredential(RegistryServer.USER, RegistryServer.PASSWORD, "test"))),
            Set.of(),
            null,
            RetryPolicy.DEFAULT,
            false);
    Digest digest =
        TestImages.pushBase(
            dir,
            withPassword,
            registry.address() + "/team/base:1",
            "guarded base " + System.nanoTime());

    // No stage state from another test's build of this project: the first build runs the stage.
    dev.imagesmith.io.HostFiles.deleteTree(
        Path.of(MojoExtension.getBasedir(), "target", "imagesmith-work"));
    String first = build(mojo).text();
    // The caches' decisions, each logged: not UpToDate's shortcut.
    String second = dev.imagesmith.testkit.EveryBuildRuns.during(() -> build(mojo).text());

    String prefix = "DEBUG registry " + registry.address() + ": ";
    assertTrue(
        first.contains(prefix + "GET http://" + registry.address() + "/v2/ -> HTTP 401"), first);
    assertTrue(
        first.contains(
            prefix + "HEAD http://" + registry.address() + "/v2/team/base/manifests/1 -> HTTP 200"),
        first);
    assertTrue(
        first.contains(
            "DEBUG Base " + registry.address() + "/team/base:1: tag 1 resolved to " + digest),
        first);
    assertTrue(first.contains("DEBUG Blob cache: layer 1/1 sha256:"), first);
    String stageKey =
        only(second, "DEBUG   stage cache: key ([0-9a-f]{64}) as in the last build: reused");
    // A new base: the stage's key is new (its work directory may hold another test's stage).
    assertTrue(Pattern.compile("(?m)^DEBUG   stage cache: .*: run$").matcher(first).find(), first);
    assertFalse(first.contains("stage cache: key " + stageKey + " as in the last build"), first);
    String layerKey = only(first, "DEBUG Layer cache: key ([0-9a-f]{64}) not found in ");
    assertTrue(
        second.contains("DEBUG Layer cache: key " + layerKey + " found: blob sha256:"), second);
    assertFalse(stageKey.equals(layerKey));
    assertTrue(second.contains("DEBUG Blob cache: manifest " + digest + " found in "), second);

    String basic =
        Base64.getEncoder()
            .encodeToString(
                (RegistryServer.USER + ":" + RegistryServer.PASSWORD)
                    .getBytes(StandardCharsets.UTF_8));
    for (String text : List.of(first, second)) {
      assertFalse(text.contains(RegistryServer.PASSWORD), text);
      assertFalse(text.contains(basic), text);
      assertEquals(-1, text.indexOf('\r'), "no carriage return");
    }
  }
}
