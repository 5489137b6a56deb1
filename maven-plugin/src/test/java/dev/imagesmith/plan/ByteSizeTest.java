package dev.imagesmith.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {
  @ParameterizedTest
  @CsvSource({
    "120MB, 120000000",
    "5MB, 5000000",
    "512kB, 512000",
    "512KB, 512000",
    "1GiB, 1073741824",
    "3MiB, 3145728",
    "2KiB, 2048",
    "1.5GB, 1500000000",
    "' 7 B ', 7",
    "42, 42",
    "1TiB, 1099511627776"
  })
  void parse_validSizes(String text, long bytes) {
    assertEquals(bytes, ByteSize.parse(text, "<budget>/<maxSize>"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "MB",
        "12mb",
        "12 M",
        "1.5B",
        "0.0001kB",
        "-1MB",
        "1e6",
        "12MBB",
        "99999999TB"
      })
  void parse_invalidSizes_nameTheElement(String text) {
    UserInputException e =
        assertThrows(UserInputException.class, () -> ByteSize.parse(text, "<budget>/<maxSize>"));
    assertTrue(
        e.getMessage().startsWith("<budget>/<maxSize> '" + text.trim() + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("120MB"), "says how to write it");
  }
}
