package dev.imagesmith.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a PAX extended header ({@code typeflag 'x'}) built from raw byte values, for records
 * Commons Compress cannot write: it encodes every PAX value as a UTF-8 string, which would mangle a
 * binary {@code SCHILY.xattr.security.capability}. Records are {@code "<len> <key>=<value>\n"},
 * where {@code len} counts the whole record including its own digits, sorted by key.
 */
final class RawPaxHeader {
  private final Map<String, byte[]> records = new TreeMap<>();

  RawPaxHeader put(String key, byte[] value) {
    records.put(key, value.clone());
    return this;
  }

  RawPaxHeader put(String key, String value) {
    return put(key, value.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> record : records.entrySet()) {
      byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
      int rest = 1 + key.length + 1 + record.getValue().length + 1; // ' ' key '=' value '\n'
      int length = rest + Integer.toString(rest).length();
      if (Integer.toString(length).length() != Integer.toString(rest).length()) {
        length = rest + Integer.toString(length).length(); // adding the digits added a digit
      }
      out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
      out.writeBytes(key);
      out.write('=');
      out.writeBytes(record.getValue());
      out.write('\n');
    }
    return out.toByteArray();
  }
}
