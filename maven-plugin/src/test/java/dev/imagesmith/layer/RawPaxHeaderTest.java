package dev.imagesmith.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawPaxHeaderTest {

  @Test
  void toBytes_lengthCountsItsOwnDigits_recordsSortedByKey() {
    String body =
        new String(
            new RawPaxHeader().put("path", "a").put("k", "x".repeat(93)).toBytes(),
            StandardCharsets.UTF_8);
    // " k=" + 93 + "\n" = 97 bytes, 2 digits make 99; " path=a\n" = 8 bytes, 1 digit makes 9.
    assertEquals("99 k=" + "x".repeat(93) + "\n9 path=a\n", body);
    // " k=" + 94 + "\n" = 98 bytes: 2 digits make 100, which has 3 digits, so 101.
    String crossing =
        new String(new RawPaxHeader().put("k", "y".repeat(94)).toBytes(), StandardCharsets.UTF_8);
    assertEquals("101 k=" + "y".repeat(94) + "\n", crossing);
    assertEquals(101, crossing.length());
  }

  @Test
  void toBytes_keepsBinaryValuesVerbatim() {
    byte[] value = {(byte) 0x80, 0, (byte) 0xff};
    byte[] body = new RawPaxHeader().put("SCHILY.xattr.user.b", value).toBytes();
    // " SCHILY.xattr.user.b=" (21) + 3 + "\n" = 25 bytes, 2 digits make 27.
    assertEquals(27, body.length);
    assertEquals("27 SCHILY.xattr.user.b=", new String(body, 0, 23, StandardCharsets.US_ASCII));
    assertEquals((byte) 0x80, body[23]);
    assertEquals(0, body[24]);
    assertEquals((byte) 0xff, body[25]);
    assertEquals('\n', body[26]);
  }
}
