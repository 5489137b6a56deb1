package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.Fifo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security cases U for the files a {@code debian} step reads that it did not write: the lock file
 * arrives with the project (a link in a cloned repository would print its target in the error), the
 * keyring is a path the POM names.
 */
class UntrustedDebianFilesTest {
  private static final String SECRET = "ghp_SECRETxTOKENx0123456789abcdefghijklmnopqrstuvwxyz";

  @TempDir Path temp;

  @Test
  void U13_lockFileIsLinkToSecret_refusedWithoutReadingIt() throws Exception {
    Path secret = Files.writeString(temp.resolve("token"), SECRET + "\n");
    Path lock = Files.createSymbolicLink(temp.resolve("image-debian.lock"), secret);
    UserInputException e = assertThrows(UserInputException.class, () -> DebianLock.read(lock));
    assertEquals(
        "Debian lock file: "
            + lock
            + " is a symbolic link, not a regular file; the lock file must be a regular file"
            + " beside the POM; delete it to resolve the packages again",
        e.getMessage());
  }

  @Test
  void U14_lockFileBadLine_quotedAsShortEscapedExcerpt() throws Exception {
    // A regular lock file, but its line holds terminal escapes and is far longer than a name.
    String line = "\u001b[2J" + SECRET + "x".repeat(200);
    Path lock = Files.writeString(temp.resolve("image-debian.lock"), "[libc]\n" + line + "\n");
    UserInputException e = assertThrows(UserInputException.class, () -> DebianLock.read(lock));
    assertEquals(
        lock
            + " line 2 is not a lock entry ('name version architecture sha256 pool-path' below a"
            + " [section]): '\\x1b[2J"
            + (SECRET + "x".repeat(200)).substring(0, 96)
            + "'.... Repair it, or delete the file to resolve the packages again",
        e.getMessage());
    assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard only: Fifo releases a blocked open
  void U16_keyringIsFifo_refusedWithoutOpeningIt() throws Throwable {
    Path fifo = Fifo.make(temp.resolve("repo.gpg"));
    UserInputException e =
        Fifo.mustNotBlock(
            fifo, () -> assertThrows(UserInputException.class, () -> InReleaseVerifier.load(fifo)));
    assertEquals(
        "the OpenPGP keyring: "
            + fifo
            + " is a named pipe (FIFO), not a regular file; name a keyring file (.gpg or .asc)"
            + " with <keyring>, or install the package debian-archive-keyring",
        e.getMessage());
  }
}
