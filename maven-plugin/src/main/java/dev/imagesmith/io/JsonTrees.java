package dev.imagesmith.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads JSON into Jackson's tree model and writes trees back, with Jackson's streaming parser and
 * generator only. Jackson's {@code ObjectMapper} is not used on purpose: building one loads some
 * 400 classes and costs 100-200 ms in a fresh Maven JVM, which was a third of a no-change rebuild.
 *
 * <p>Reading is strict: duplicate keys are an error (two parsers must not disagree on a document),
 * nesting depth and string and number lengths are bounded, nothing may follow the value, and
 * fractions are kept exactly as written (as {@link java.math.BigDecimal}).
 */
public final class JsonTrees {
  /** Deepest nesting accepted; image documents need fewer than ten levels. */
  public static final int MAX_DEPTH = 64;

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(16 * 1024 * 1024)
                  .maxNumberLength(100)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private JsonTrees() {}

  public static ObjectNode newObject() {
    return NODES.objectNode();
  }

  public static ArrayNode newArray() {
    return NODES.arrayNode();
  }

  /**
   * Parses one JSON value.
   *
   * @throws JsonParseException (an {@link IOException}) for anything that is not one valid JSON
   *     value; its {@code getOriginalMessage()} says what, without the source excerpt
   */
  public static JsonNode parse(byte[] json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "No content to map due to end-of-input");
      }
      JsonNode value = readValue(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(
            parser, "Trailing token (of type " + parser.currentToken() + ") after the value");
      }
      return value;
    }
  }

  /** The value starting at the parser's current token; containers without recursion. */
  private static JsonNode readValue(JsonParser parser) throws IOException {
    if (!parser.currentToken().isStructStart()) {
      return scalar(parser);
    }
    Deque<JsonNode> open = new ArrayDeque<>();
    JsonNode root = container(parser.currentToken());
    open.push(root);
    while (!open.isEmpty()) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new JsonParseException(parser, "Unexpected end-of-input in a container");
      }
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        open.pop();
        continue;
      }
      JsonNode parent = open.peek();
      String name = null;
      if (parent instanceof ObjectNode) {
        name = parser.currentName(); // token is FIELD_NAME
        token = parser.nextToken();
      }
      JsonNode value = token.isStructStart() ? container(token) : scalar(parser);
      if (parent instanceof ObjectNode object) {
        object.set(name, value);
      } else {
        ((ArrayNode) parent).add(value);
      }
      if (token.isStructStart()) {
        open.push(value);
      }
    }
    return root;
  }

  private static JsonNode container(JsonToken start) {
    return start == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
  }

  private static JsonNode scalar(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
      default -> throw new JsonParseException(parser, "Unexpected token " + parser.currentToken());
    };
  }

  /** Compact UTF-8, fields in the tree's order. */
  public static byte[] compact(JsonNode node) {
    return write(node, false);
  }

  /** Indented UTF-8 for files people read (image.json), fields in the tree's order. */
  public static byte[] pretty(JsonNode node) {
    return write(node, true);
  }

  private static byte[] write(JsonNode node, boolean pretty) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator generator = FACTORY.createGenerator(bytes)) {
      if (pretty) {
        generator.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      writeValue(generator, node);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static void writeValue(JsonGenerator out, JsonNode node) throws IOException {
    if (node.isObject()) {
      out.writeStartObject();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.writeFieldName(field.getKey());
        writeValue(out, field.getValue());
      }
      out.writeEndObject();
    } else if (node.isArray()) {
      out.writeStartArray();
      for (JsonNode element : node) {
        writeValue(out, element);
      }
      out.writeEndArray();
    } else if (node.isTextual()) {
      out.writeString(node.textValue());
    } else if (node.isBoolean()) {
      out.writeBoolean(node.booleanValue());
    } else if (node.isNull()) {
      out.writeNull();
    } else if (node.isInt()) {
      out.writeNumber(node.intValue());
    } else if (node.isLong()) {
      out.writeNumber(node.longValue());
    } else if (node.isBigInteger()) {
      out.writeNumber(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      out.writeNumber(node.decimalValue());
    } else if (node.isDouble() || node.isFloat()) {
      out.writeNumber(node.doubleValue());
    } else if (node.isShort()) {
      out.writeNumber(node.shortValue());
    } else {
      throw new IllegalArgumentException("no JSON form for a " + node.getNodeType() + " node");
    }
  }
}
