package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.image.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image:verify reads the digest image:build wrote: a link planted in {@code target/} in its place
 * is refused, not read, and no error quotes the file it leads to.
 */
class VerifyMojoDigestTest {
  @TempDir Path temp;

  @Test
  void aDigestFile_isRead() throws Exception {
    Path file = Files.writeString(temp.resolve("digest"), "sha256:" + "ab".repeat(32) + "\n");
    assertEquals(Digest.parse("sha256:" + "ab".repeat(32), "test"), VerifyMojo.readDigest(file));
  }

  @Test
  void aLinkInPlaceOfTheDigest_isRefusedWithoutQuotingItsTarget() throws Exception {
    Path secret = Files.writeString(temp.resolve("token"), "ghp_s3cr3tT0kenValue\n");
    Path output = Files.createDirectories(temp.resolve("target/image"));
    Path digest = Files.createSymbolicLink(output.resolve("digest"), secret);

    UserInputException refused =
        assertThrows(UserInputException.class, () -> VerifyMojo.readDigest(digest));

    assertFalse(refused.getMessage().contains("s3cr3t"), refused.getMessage());
    assertTrue(refused.getMessage().contains(digest.toString()), refused.getMessage());
  }

  @Test
  void aMissingDigest_saysRunBuildFirst() {
    UserInputException missing =
        assertThrows(UserInputException.class, () -> VerifyMojo.readDigest(temp.resolve("digest")));
    assertTrue(missing.getMessage().contains("run build first"), missing.getMessage());
  }
}
