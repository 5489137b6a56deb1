package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.registry.RegistryCredential;
import dev.imagesmith.registry.RegistryRef;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

/**
 * Docker Hub's names as users write them (issue 17): an image named {@code busybox}, {@code
 * docker.io/busybox}, {@code index.docker.io/library/busybox} or {@code
 * registry-1.docker.io/library/busybox} is one image on one registry, and finds the settings.xml
 * {@code <server>} whichever of those names its {@code <id>} is.
 */
class DockerHubNamesTest {
  private static final List<String> REFERENCES =
      List.of(
          "busybox",
          "docker.io/busybox",
          "docker.io/library/busybox",
          "index.docker.io/library/busybox",
          "registry-1.docker.io/library/busybox",
          "registry.hub.docker.com/busybox");

  private static Settings serverWithId(String id) {
    Server server = new Server();
    server.setId(id);
    server.setUsername("hub-user");
    server.setPassword("hub-token");
    Settings settings = new Settings();
    settings.addServer(server);
    return settings;
  }

  @Test
  void everyDockerHubName_isTheSameRegistryAndRepository() {
    for (String reference : REFERENCES) {
      RegistryRef ref = RegistryRef.parse(reference, "<from>");
      assertEquals("registry-1.docker.io", ref.registry(), reference);
      assertEquals("library/busybox", ref.repository(), reference);
    }
  }

  @Test
  void settingsServer_foundUnderEachDockerHubName() throws Exception {
    for (String id : List.of("docker.io", "index.docker.io", "registry-1.docker.io")) {
      SettingsCredentials source = new SettingsCredentials(serverWithId(id), null);
      for (String reference : REFERENCES) {
        Optional<RegistryCredential> found =
            source.find(RegistryRef.parse(reference, "<from>").registry());
        assertTrue(found.isPresent(), "<id>" + id + "</id> for " + reference);
        assertEquals("hub-user", found.get().username());
        assertEquals("settings.xml <server> with <id>" + id + "</id>", found.get().source());
      }
    }
  }

  @Test
  void otherRegistry_onlyItsOwnId_andTheHintListsDockerHubsNames() throws Exception {
    assertTrue(new SettingsCredentials(serverWithId("docker.io"), null).find("quay.io").isEmpty());
    assertEquals(
        "settings.xml <server> with <id>registry-1.docker.io</id> or <id>docker.io</id> or"
            + " <id>index.docker.io</id> or <id>registry.hub.docker.com</id>",
        new SettingsCredentials(null, null).describe("registry-1.docker.io"));
  }
}
