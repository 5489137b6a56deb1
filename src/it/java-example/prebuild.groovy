// Copies the example (its POM and sources, never a local target/) into example/, filters dockerfile/pom.xml, and
// starts a real
// docker-registry on 127.0.0.1 and a free port that serves the JRE base: build 1 pushes it there, builds 2
// and 3 pull it as <from>. The address reaches the builds through the user properties files named in
// invoker.properties. verify.groovy stops the registry; `timeout` ends it anyway if verify never runs.
def example = new File(itLib, "../../../examples/java-app").canonicalFile
def copy = new File(basedir, "example")
copy.mkdirs()
java.nio.file.Files.copy(new File(example, "pom.xml").toPath(), new File(copy, "pom.xml").toPath())
def sources = new File(example, "src").toPath()
java.nio.file.Files.walk(sources).withCloseable { paths ->
  paths.each { source ->
    def target = new File(copy, "src/" + sources.relativize(source).toString()).toPath()
    if (java.nio.file.Files.isDirectory(source)) {
      java.nio.file.Files.createDirectories(target)
    } else {
      java.nio.file.Files.copy(source, target)
    }
  }
}
assert new File(copy, "src/main/java/com/example/App.java").isFile()

// The invoker filters this IT's own pom.xml only: give dockerfile/pom.xml the plugin version the same way.
def version = (new File(basedir, "pom.xml").text =~ /<artifactId>image-maven-plugin<\/artifactId>\s*<version>([^<@]+)<\/version>/)[0][1]
def dockerfilePom = new File(basedir, "dockerfile/pom.xml")
dockerfilePom.text = dockerfilePom.text.replace("@project.version@", version)

def address = evaluate(new File(itLib, "registry.groovy"))(basedir)
new File(basedir, "registry.properties").text = "registry=${address}\n"
new File(basedir, "example.properties").text = "image.from=${address}/eclipse-temurin:17-jre\n"
return true
