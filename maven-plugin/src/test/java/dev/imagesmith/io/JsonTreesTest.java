package dev.imagesmith.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
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
    JsonProcessingException e =
        assertThrows(
            JsonProcessingException.class,
            () -> JsonTrees.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getOriginalMessage().contains("Duplicate field 'a'"), e.getOriginalMessage());
  }

  @Test
  void rejectsWhatFollowsTheValue() {
    assertThrows(
        JsonProcessingException.class,
        () -> JsonTrees.parse("{} {}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        JsonProcessingException.class,
        () -> JsonTrees.parse("[1] x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsEmptyAndTruncatedInput() {
    assertThrows(JsonProcessingException.class, () -> JsonTrees.parse(new byte[0]));
    assertThrows(
        JsonProcessingException.class,
        () -> JsonTrees.parse("{\"a\":[1,2".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsNestingDeeperThanTheLimit() throws IOException {
    String ok = "[".repeat(JsonTrees.MAX_DEPTH) + "]".repeat(JsonTrees.MAX_DEPTH);
    JsonTrees.parse(ok.getBytes(StandardCharsets.UTF_8));
    String deep = "[".repeat(JsonTrees.MAX_DEPTH + 1) + "]".repeat(JsonTrees.MAX_DEPTH + 1);
    assertThrows(
        JsonProcessingException.class,
        () -> JsonTrees.parse(deep.getBytes(StandardCharsets.UTF_8)));
    // Far deeper than a recursive reader's stack could take: rejected, not a StackOverflowError.
    String hostile = "[".repeat(1_000_000);
    assertThrows(
        JsonProcessingException.class,
        () -> JsonTrees.parse(hostile.getBytes(StandardCharsets.UTF_8)));
  }
}
