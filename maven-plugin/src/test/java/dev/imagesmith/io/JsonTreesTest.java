package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JsonTrees replaced Jackson's ObjectMapper; it must read and write exactly as the ObjectMapper
 * configuration it replaced did, so that digests of written documents do not change.
 */
class JsonTreesTest {
  private static final ObjectMapper REFERENCE =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  static List<String> documents() {
    return List.of(
        "{}",
        "[]",
        "\"text \\u00e9 \\\"quoted\\\" \\n\"",
        "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
        "{\"int\":2147483647,\"long\":9223372036854775807,\"big\":123456789012345678901234567890}",
        "{\"negative\":-5,\"fraction\":1.50,\"exponent\":1e3,\"small\":-0.000001}",
        "[[[[{\"deep\":[1,[2,[3]]]}]]]]",
        "{\"z\":1,\"a\":2,\"m\":[{\"y\":1,\"b\":2}]}",
        " {\"space\" : [ 1 , 2 ] } ");
  }

  @ParameterizedTest
  @MethodSource("documents")
  void readsAndWritesAsTheObjectMapperDid(String document) throws IOException {
    byte[] json = document.getBytes(StandardCharsets.UTF_8);
    JsonNode ours = JsonTrees.parse(json);
    JsonNode reference = REFERENCE.readTree(json);
    assertEquals(reference, ours);
    assertArrayEquals(REFERENCE.writeValueAsBytes(reference), JsonTrees.compact(ours));
    assertArrayEquals(
        REFERENCE.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(reference),
        JsonTrees.pretty(ours));
  }

  @Test
  void keepsFractionsExactlyAsWritten() throws IOException {
    assertEquals(
        "1.50", JsonTrees.parse("1.50".getBytes(StandardCharsets.UTF_8)).decimalValue().toString());
  }

  @Test
  void rejectsDuplicateKeys() {
    InvalidJsonException e =
        assertThrows(
            InvalidJsonException.class,
            () -> JsonTrees.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "not valid JSON: a key appears twice in one object at line 1, column 11", e.getMessage());
    assertEquals("'{\"a\":1,\"a\":2}'", e.excerpt());
  }

  @Test
  void U17_errorMessages_neverQuoteTheDocument() {
    // Jackson's own messages quote the offending token, key or character; a document may be a
    // secret (a token file read as JSON, a registry's token answer). Ours say what and where.
    String secret = "ghp_SECRETxTOKENx0123456789abcdef";
    List<String> documents =
        List.of(
            secret,
            "{\"token\": " + secret + "}",
            "{\"" + secret + "\":1,\"" + secret + "\":2}",
            "[\"" + secret + "\u0001\"]",
            "{\"a\":\"" + secret + "\"} " + secret,
            "{\"" + secret + "\" 1}",
            "\"" + secret);
    for (String document : documents) {
      IOException e =
          assertThrows(
              IOException.class,
              () -> JsonTrees.parse(document.getBytes(StandardCharsets.UTF_8)),
              document);
      assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
      assertEquals(null, e.getCause(), "a cause would carry Jackson's message into stack traces");
    }
  }

  @Test
  void rejectsWhatFollowsTheValue() {
    assertThrows(
        InvalidJsonException.class,
        () -> JsonTrees.parse("{} {}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        InvalidJsonException.class,
        () -> JsonTrees.parse("[1] x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsEmptyAndTruncatedInput() {
    assertThrows(InvalidJsonException.class, () -> JsonTrees.parse(new byte[0]));
    assertThrows(
        InvalidJsonException.class,
        () -> JsonTrees.parse("{\"a\":[1,2".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsNestingDeeperThanTheLimit() throws IOException {
    String ok = "[".repeat(JsonTrees.MAX_DEPTH) + "]".repeat(JsonTrees.MAX_DEPTH);
    JsonTrees.parse(ok.getBytes(StandardCharsets.UTF_8));
    String deep = "[".repeat(JsonTrees.MAX_DEPTH + 1) + "]".repeat(JsonTrees.MAX_DEPTH + 1);
    assertThrows(
        InvalidJsonException.class, () -> JsonTrees.parse(deep.getBytes(StandardCharsets.UTF_8)));
    // Far deeper than a recursive reader's stack could take: rejected, not a StackOverflowError.
    String hostile = "[".repeat(1_000_000);
    assertThrows(
        InvalidJsonException.class,
        () -> JsonTrees.parse(hostile.getBytes(StandardCharsets.UTF_8)));
  }
}
