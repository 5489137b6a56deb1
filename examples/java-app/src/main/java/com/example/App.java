package com.example;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The example's application: says hello, shows a setting that {@code JAVA_TOOL_OPTIONS} can
 * override at {@code docker run} time (-Dgreeting=...), and whether a Java agent was attached.
 */
public final class App {
  private App() {}

  public static void main(String[] args) throws IOException {
    Properties defaults = new Properties();
    try (InputStream in = App.class.getResourceAsStream("/app.properties")) {
      defaults.load(in);
    }
    System.out.println("Hello from the java-app example on Java " + Runtime.version().feature());
    System.out.println("greeting=" + System.getProperty("greeting", defaults.getProperty("greeting")));
    System.out.println("agent=" + agent());
  }

  /**
   * The example's agent (byte-buddy-agent, standing in for an agent such as OpenTelemetry's) keeps
   * the JVM's Instrumentation when {@code -javaagent} loaded it; without the flag it is not there.
   */
  private static String agent() {
    try {
      Class<?> installer =
          Class.forName("net.bytebuddy.agent.Installer", true, ClassLoader.getSystemClassLoader());
      return installer.getMethod("getInstrumentation").invoke(null) != null ? "attached" : "absent";
    } catch (ReflectiveOperationException | LinkageError notAttached) {
      return "absent";
    }
  }
}
