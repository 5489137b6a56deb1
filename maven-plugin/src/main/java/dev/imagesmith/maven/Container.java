package dev.imagesmith.maven;

import dev.imagesmith.plan.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <container>}: the final image's runtime settings. An absent list or value keeps the base
 * image's; environment, labels, exposed ports and volumes are merged over the base's.
 */
public final class Container {
  private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:/(tcp|udp|sctp))?");
  private static final String WHERE = XmlPath.root("container");

  /** The program and its fixed arguments, one {@code <arg>} each. */
  private List<String> entrypoint;

  /** Default arguments, one {@code <arg>} each. */
  private List<String> cmd;

  /** Environment variables, for example {@code <PATH>/install/bin:/usr/bin</PATH>}. */
  private Map<String, String> environment;

  /** {@code user}, {@code uid} or {@code uid:gid} the container runs as. */
  private String user;

  /** The absolute directory the container starts in. */
  private String workingDirectory;

  /** Image labels, for example {@code <org.opencontainers.image.title>}. */
  private Map<String, String> labels;

  /** Ports such as {@code 8080} or {@code 53/udp}; tcp when no protocol is given. */
  private List<String> exposedPorts;

  /** Directories for a container's own data, one absolute {@code <volume>} each. */
  private List<String> volumes;

  /** The signal that stops the container: {@code SIGTERM}, {@code SIGINT}, {@code 15}. */
  private String stopSignal;

  /** Docker's {@code HEALTHCHECK}: see {@link Healthcheck}. */
  private Healthcheck healthcheck;

  /**
   * The class whose {@code main} runs; without {@code <entrypoint>} the entrypoint becomes {@code
   * java <jvmFlags> -cp /app/resources:/app/classes:/app/libs/* <mainClass>}.
   */
  private String mainClass;

  /** JVM options of the default Java entrypoint, one {@code <jvmFlag>} each. */
  private List<String> jvmFlags;

  /**
   * With {@code <projectMode>war</projectMode>}: the directory the exploded WAR goes to, which the
   * base image's servlet container deploys; {@code /var/lib/jetty/webapps/ROOT} (the {@code jetty}
   * image's) by default, {@code /usr/local/tomcat/webapps/ROOT} for the {@code tomcat} image.
   */
  private String appRoot;

  /** {@code <appRoot>} as written, {@code null} when absent or blank. */
  String appRoot() {
    return appRoot == null || appRoot.isBlank() ? null : appRoot;
  }

  String mainClass() {
    return mainClass == null || mainClass.isBlank() ? null : mainClass.trim();
  }

  List<String> jvmFlags() {
    return jvmFlags == null ? List.of() : ConfigValues.listOrNull(jvmFlags);
  }

  /** The validated spec; {@code container} may be {@code null} when the element is absent. */
  static ContainerSpec toSpec(Container container, Problems problems) {
    if (container == null) {
      return ContainerSpec.empty();
    }
    String directory =
        container.workingDirectory == null
            ? null
            : problems.imagePath(
                container.workingDirectory,
                XmlPath.child(WHERE, "workingDirectory"),
                "<workingDirectory>/app</workingDirectory>");
    String user = container.user == null || container.user.isBlank() ? null : container.user.trim();
    return new ContainerSpec(
        ConfigValues.listOrNull(container.entrypoint),
        ConfigValues.listOrNull(container.cmd),
        ConfigValues.map(container.environment),
        user,
        directory,
        ConfigValues.map(container.labels),
        ports(container.exposedPorts, problems),
        volumes(container.volumes, problems),
        StopSignals.parse(container.stopSignal, XmlPath.child(WHERE, "stopSignal"), problems),
        Healthcheck.toSpec(container.healthcheck, XmlPath.child(WHERE, "healthcheck"), problems));
  }

  /** Absolute, normalised paths ({@code /data/} is {@code /data}), in the order given. */
  private static List<String> volumes(List<String> given, Problems problems) {
    List<String> volumes = new ArrayList<>();
    for (int i = 0; given != null && i < given.size(); i++) {
      String path =
          problems.selectedPath(
              given.get(i),
              XmlPath.item(XmlPath.child(WHERE, "volumes"), "volume", i),
              "<volume>/var/lib/app</volume>");
      if (path != null && path.equals("/")) {
        problems.add(
            XmlPath.item(XmlPath.child(WHERE, "volumes"), "volume", i)
                + " is the image's root: name the directory that holds the container's data, for"
                + " example <volume>/var/lib/app</volume>");
      } else if (path != null && !volumes.contains(path)) {
        volumes.add(path);
      }
    }
    return volumes;
  }

  /** Ports normalised to {@code number/protocol}, the form of the image config's keys. */
  private static List<String> ports(List<String> given, Problems problems) {
    List<String> ports = new ArrayList<>();
    if (given == null) {
      return ports;
    }
    String parent = XmlPath.child(WHERE, "exposedPorts");
    for (int i = 0; i < given.size(); i++) {
      String text = given.get(i) == null ? "" : given.get(i).trim();
      Matcher port = PORT.matcher(text.toLowerCase(Locale.ROOT));
      int number = port.matches() ? Integer.parseInt(port.group(1)) : 0;
      if (number < 1 || number > 65535) {
        problems.add(
            XmlPath.item(parent, "port", i)
                + " '"
                + text
                + "' is not a port: write a number from 1 to 65535, optionally with /tcp, /udp or"
                + " /sctp, for example <port>8080</port> or <port>53/udp</port>");
        continue;
      }
      ports.add(number + "/" + (port.group(2) == null ? "tcp" : port.group(2)));
    }
    return ports;
  }
}
