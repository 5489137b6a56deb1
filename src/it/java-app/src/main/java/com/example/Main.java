package com.example;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.lang3.StringUtils;

/** Reads a resource, uses a dependency and reports the JVM flags it was given. */
public class Main {
  public static void main(String[] args) throws Exception {
    String greeting;
    try (InputStream in = Main.class.getResourceAsStream("/greeting.txt")) {
      greeting = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    System.out.println(
        StringUtils.capitalize(greeting) + " (mode " + System.getProperty("app.mode") + ")");
  }
}
