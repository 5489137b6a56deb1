package dev.imagesmith.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesmith.error.UserInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

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

  private static final String TRAILING = "Trailing token after the value";
  private static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;
  private static final int MAX_NUMBER_LENGTH = 100;

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH)
                  .maxStringLength(MAX_STRING_LENGTH)
                  .maxNumberLength(MAX_NUMBER_LENGTH)
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
   * @throws InvalidJsonException for anything that is not one valid JSON value; its message says
   *     what and where without quoting the document
   */
  public static JsonNode parse(byte[] json) throws InvalidJsonException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "No content to map due to end-of-input");
      }
      JsonNode value = readValue(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, TRAILING);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw invalid(e, json);
    } catch (IOException e) {
      // A byte array cannot fail to be read; anything else Jackson throws is about the document.
      throw new InvalidJsonException("unreadable document", 0, 0, "");
    }
  }

  /**
   * Parses one JSON value of at most {@code maxBytes} bytes read from outside.
   *
   * @param where names the document in errors (file, archive entry, image and digest)
   * @throws UserInputException for a document over the cap or not valid JSON, with a short escaped
   *     excerpt near the error: callers pass documents that are no secret (image documents, read
   *     from regular files of the input)
   */
  public static JsonNode parse(byte[] json, int maxBytes, String where) {
    if (json.length > maxBytes) {
      throw new UserInputException(
          where
              + ": JSON document of "
              + json.length
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes; it is not a valid image document");
    }
    try {
      return parse(json);
    } catch (InvalidJsonException e) {
      throw new UserInputException(where + ": " + e.getMessage() + ", near " + e.excerpt(), e);
    }
  }

  /** As {@link #parse(byte[], int, String)}, for a document that must be a JSON object. */
  public static ObjectNode parseObject(byte[] json, int maxBytes, String where) {
    if (!(parse(json, maxBytes, where) instanceof ObjectNode object)) {
      throw new UserInputException(where + ": expected a JSON object");
    }
    return object;
  }

  /**
   * Our words for Jackson's error, chosen by the message's fixed beginning: the rest of Jackson's
   * message quotes the document.
   */
  private static InvalidJsonException invalid(JsonProcessingException e, byte[] json) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String problem;
    if (e instanceof StreamConstraintsException) {
      problem =
          original.contains("nesting depth")
              ? "nested more than " + MAX_DEPTH + " levels deep"
              : original.startsWith("Number")
                  ? "a number longer than " + MAX_NUMBER_LENGTH + " digits"
                  : original.startsWith("String")
                      ? "a string longer than " + MAX_STRING_LENGTH + " characters"
                      : "a value beyond the parser's limits";
    } else if (original.startsWith("Duplicate field")) {
      problem = "a key appears twice in one object";
    } else if (original.startsWith(TRAILING)) {
      problem = "something follows the JSON value";
    } else if (original.contains("end-of-input")) {
      problem = "the document is empty or ends too early";
    } else if (original.startsWith("Unrecognized token")) {
      problem = "an unknown word (not a string, number, true, false or null)";
    } else if (original.startsWith("Unexpected character")) {
      problem = "an unexpected character";
    } else if (original.startsWith("Illegal unquoted character")) {
      problem = "a control character inside a string";
    } else if (original.startsWith("Invalid UTF-8")) {
      problem = "bytes that are not UTF-8";
    } else if (original.startsWith("Numeric value") || original.contains("out of range")) {
      problem = "a number out of range";
    } else {
      problem = "a syntax error";
    }
    JsonLocation location = e.getLocation();
    long line = location == null ? 0 : location.getLineNr();
    long column = location == null ? 0 : location.getColumnNr();
    long offset = location == null ? -1 : location.getByteOffset();
    String excerpt =
        offset < 0
            ? ""
            : Excerpt.quote(
                json, (int) Math.max(0, Math.min(offset, json.length) - 24), Excerpt.CONTENT);
    return new InvalidJsonException("not valid JSON: " + problem, line, column, excerpt);
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

  /**
   * Canonical bytes, for documents whose digest matters: object keys sorted at every level,
   * compact, UTF-8, so equal models give equal bytes and equal digests.
   */
  public static byte[] canonical(JsonNode node) {
    return compact(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Map<String, JsonNode> fields = new TreeMap<>();
      object.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode copy = newObject();
      fields.forEach(copy::set);
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = newArray();
      array.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
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
