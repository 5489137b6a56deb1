package ${package};

/** The Java part of the image: its classes land in the image's last, smallest layer. */
public final class App {
  private App() {}

  public static void main(String[] args) {
    System.out.println("Hello from ${artifactId}, a Java application in an image built by mvn package!");
  }
}
