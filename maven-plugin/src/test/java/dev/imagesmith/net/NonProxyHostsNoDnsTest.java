package dev.imagesmith.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Something that only looks like an address ({@code 300.1.1.1}, {@code 1.2.3.4.5}) is a name, and a
 * name is matched as written, never resolved: the JDK asks DNS for anything that is no valid
 * literal. Each case runs in a JVM whose resolver is a hosts file ({@code jdk.net.hosts.file}) that
 * answers those names with {@code 10.9.8.7}: a rule decided by resolving would take them for that
 * address.
 */
class NonProxyHostsNoDnsTest {
  @TempDir Path dir;

  private List<String> probe(String noProxy, String... hosts) throws Exception {
    Path hostsFile =
        Files.writeString(
            dir.resolve("hosts"),
            "10.9.8.7 300.1.1.1 1.2.3.4.5 999.0.0.1\n",
            StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djdk.net.hosts.file=" + hostsFile);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(NonProxyHostsProbe.class.getName());
    command.add(noProxy);
    command.addAll(List.of(hosts));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("probe failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void outOfRangeDottedHost_isNoAddress_neverResolvedIntoACidrOrAnAddress() throws Exception {
    assertEquals(
        List.of("resolved=10.9.8.7", "300.1.1.1=false", "1.2.3.4.5=false", "10.1.1.1=true"),
        probe("10.0.0.0/8", "300.1.1.1", "1.2.3.4.5", "10.1.1.1"));
    assertEquals(
        List.of("resolved=10.9.8.7", "300.1.1.1=false", "10.9.8.7=true"),
        probe("10.9.8.7", "300.1.1.1", "10.9.8.7"));
  }

  @Test
  void outOfRangeDottedEntry_isANameMatchedAsWritten() throws Exception {
    assertEquals(
        List.of("resolved=10.9.8.7", "300.1.1.1=true", "10.9.8.7=false", "999.0.0.1=false"),
        probe("300.1.1.1,1.2.3.4.5", "300.1.1.1", "10.9.8.7", "999.0.0.1"));
    // A block must start with an address: one that does not is no rule at all.
    assertEquals(
        List.of("resolved=10.9.8.7", "1.2.3.4.5=false", "10.9.8.7=false"),
        probe("1.2.3.4.5/8", "1.2.3.4.5", "10.9.8.7"));
  }
}
