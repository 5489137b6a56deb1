// A Spring Boot jar in spring-boot mode: one layer per Boot layer in the index's order, the launcher run
// from the manifest's Main-Class on /app, and a code-only change that moves only the application layer.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def image = { String build -> checks.jsonFile("${build}/image.json") }
def first = image("build1")
def second = image("build2")

// Boot's own layers.idx (no snapshot dependency here, so that layer is empty and left out), after the JRE's.
def origins = first.layers.collect { "${it.source.stage}:${it.source.path}" }
def boot = ["project/dependencies:/app/BOOT-INF/lib", "project/spring-boot-loader:/app/org/springframework/boot/loader",
    "project/application:/app"]
assert origins.takeRight(3) == boot
assert second.layers.collect { "${it.source.stage}:${it.source.path}" } == origins

// A code-only change: the JRE, dependency and loader layers keep their digests, the application layer moves.
def count = origins.size()
(0..<count - 1).each { assert first.layers[it].digest == second.layers[it].digest: "layer ${origins[it]} unchanged" }
assert first.layers[count - 1].digest != second.layers[count - 1].digest: "the application layer carries the change"

// The entrypoint runs Boot's launcher, named by the jar's Main-Class, on the exploded jar.
def config = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:build1/oci:1.0"]))
assert config.config.Entrypoint == ["java", "-Dapp.mode=container", "-Xmx64m", "-cp", "/app",
    "org.springframework.boot.loader.launch.JarLauncher"]

def rootfs = checks.unpack("build1/oci:1.0", "bundle")
assert new File(rootfs, "app/BOOT-INF/classes/com/example/App.class").isFile()
assert new File(rootfs, "app/BOOT-INF/lib").list().any { it.startsWith("spring-boot-4.0.7") }
assert new File(rootfs, "app/org/springframework/boot/loader/launch/JarLauncher.class").isFile()
assert checks.stat(new File(rootfs, "app/BOOT-INF/classes/com/example/App.class")) == "regular file 644 0 0"
assert !new File(rootfs, "app/BOOT-INF/lib/spring-boot-1.0.jar").exists()

def output = checks.runInImage(rootfs, config.config.Entrypoint)
if (output != null) {
  assert output.trim() == "Hello from Spring Boot (mode container)"
}
// The SBOM names the project itself, by the exploded jar's classes.
def sbom = checks.jsonFile("build1/sbom.cdx.json")
def app = sbom.components.find { it.purl == "pkg:maven/dev.imagesmith.it/spring-boot@1.0" }
assert app != null && app.properties.find { it.name == "imagesmith:path" }?.value == "/app/BOOT-INF/classes"

def log = checks.log()
assert log.contains("[INFO]   Spring Boot layers from BOOT-INF/layers.idx")
assert log =~ /(?m)^\[INFO\]   application: \d+ files, .* in \/app$/
return true
