package dev.imagesmith.fs.archive;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.SandboxEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the case tables: a sandbox beside a victim tree (the breakout oracle is checked
 * after every test, whether extraction failed or not), and runners for layer and user-archive
 * extraction.
 */
abstract class ExtractorHarness {
  @TempDir Path parent;
  @TempDir Path archives;

  BreakoutOracle oracle;
  Sandbox sandbox;
  final ArchiveExtractor extractor = new ArchiveExtractor();
  private int archiveCount;

  @BeforeEach
  void createSandbox() throws IOException {
    oracle = new BreakoutOracle(parent);
    sandbox = Sandbox.create(oracle.root);
  }

  @AfterEach
  void hostIsUntouched() throws IOException {
    oracle.assertUntouched();
  }

  /** Applies layers in order, stopping at the first failure, which it returns. */
  UserInputException layers(byte[]... tars) throws IOException {
    for (byte[] tar : tars) {
      try {
        extractor.applyLayer(new ByteArrayInputStream(tar), sandbox, "layer test");
      } catch (UserInputException e) {
        oracle.assertUntouched();
        return e;
      }
    }
    oracle.assertUntouched();
    return null;
  }

  ExtractReport layer(byte[] tar) throws IOException {
    ExtractReport report =
        extractor.applyLayer(new ByteArrayInputStream(tar), sandbox, "layer test");
    oracle.assertUntouched();
    return report;
  }

  UserInputException layerFails(byte[] tar) throws IOException {
    UserInputException e = layers(tar);
    assertNotNull(e, "layer should have been rejected");
    return e;
  }

  /** Extracts a user archive into a fresh sandbox at {@code /}. */
  UserInputException userArchive(byte[] archive) throws IOException {
    return userArchive(archive, "/", ExtractOptions.DEFAULTS);
  }

  UserInputException userArchive(byte[] archive, String target, ExtractOptions options)
      throws IOException {
    freshSandbox();
    Path file = archives.resolve("archive-" + archiveCount++);
    Files.write(file, archive);
    try {
      extractor.extractFile(file, sandbox, target, options);
      return null;
    } catch (UserInputException e) {
      assertTrue(e.getMessage().startsWith("archive " + file), e.getMessage());
      return e;
    } finally {
      oracle.assertUntouched();
    }
  }

  UserInputException userArchiveFails(byte[] archive) throws IOException {
    UserInputException e = userArchive(archive);
    assertNotNull(e, "user archive should have been rejected");
    return e;
  }

  /** Empties the sandbox and forgets its overlay. */
  void freshSandbox() throws IOException {
    List<Path> children = new ArrayList<>();
    try (var list = Files.list(oracle.root)) {
      list.forEach(children::add);
    }
    for (Path child : children) {
      sandbox.delete("/" + child.getFileName());
    }
    sandbox = Sandbox.create(oracle.root);
  }

  Path host(String imagePath) {
    return sandbox.hostPath(imagePath);
  }

  boolean exists(String imagePath) {
    return Files.exists(host(imagePath), LinkOption.NOFOLLOW_LINKS);
  }

  SandboxEntry stat(String imagePath) throws IOException {
    return sandbox.stat(imagePath).orElseThrow(() -> new AssertionError(imagePath + " missing"));
  }

  Object inode(String imagePath) throws IOException {
    return Files.getAttribute(host(imagePath), "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  static void assertRejected(Runnable r) {
    assertThrows(UserInputException.class, r::run);
  }
}
