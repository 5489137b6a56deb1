package dev.imagesmith.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private static final byte[] DATA = "hello blob".getBytes();
  private static final Digest DIGEST = Digest.ofBytes(DATA);

  @Test
  void read_matchingBlob_passes() throws Exception {
    try (VerifyingInputStream in =
        new VerifyingInputStream(new ByteArrayInputStream(DATA), DIGEST, DATA.length, "blob")) {
      assertArrayEquals(DATA, in.readAllBytes());
    }
  }

  @Test
  void read_wrongDigest_failsAtEndNamingBoth() {
    Digest other = Digest.ofBytes(new byte[] {0});
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () ->
                new VerifyingInputStream(
                        new ByteArrayInputStream(DATA), other, DATA.length, "layer 3 of img")
                    .readAllBytes());
    assertTrue(e.getMessage().startsWith("layer 3 of img"), e.getMessage());
    assertTrue(e.getMessage().contains("expected " + other), e.getMessage());
    assertTrue(e.getMessage().contains("got " + DIGEST), e.getMessage());
  }

  @Test
  void read_shorterThanPromised_fails() {
    assertThrows(
        UserInputException.class,
        () ->
            new VerifyingInputStream(new ByteArrayInputStream(DATA), DIGEST, DATA.length + 1, "b")
                .readAllBytes());
  }

  @Test
  void R14_sizeLies_readsAtMostSizePlusOne() {
    CountingEndless endless = new CountingEndless();
    assertThrows(
        UserInputException.class,
        () -> new VerifyingInputStream(endless, DIGEST, 100, "b").readAllBytes());
    assertEquals(101, endless.served);
  }

  @Test
  void drainAndVerify_afterPartialRead_checksTheRest() throws Exception {
    VerifyingInputStream in =
        new VerifyingInputStream(
            new ByteArrayInputStream(DATA), Digest.ofBytes(new byte[0]), DATA.length, "b");
    in.readNBytes(3);
    assertThrows(UserInputException.class, in::drainAndVerify);
  }

  @Test
  void unknownSize_checksDigestOnly() throws Exception {
    try (VerifyingInputStream in =
        new VerifyingInputStream(
            new ByteArrayInputStream(DATA), DIGEST, VerifyingInputStream.UNKNOWN_SIZE, "b")) {
      in.drainAndVerify();
      assertEquals(DATA.length, in.count());
    }
  }

  /** An endless stream of zeros counting the bytes handed out. */
  private static final class CountingEndless extends InputStream {
    long served;

    @Override
    public int read() {
      served++;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Arrays.fill(b, off, off + len, (byte) 0);
      served += len;
      return len;
    }
  }
}
