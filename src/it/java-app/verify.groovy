// A Java application: the project stage's four layers, the default Java entrypoint run on a jlink'ed JRE,
// labels from the POM, and digest + image.json installed next to the jar.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def digest = new File(basedir, "target/image/digest").text.trim()
def config = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:target/image/oci:1.0"]))

// The entrypoint Jib users know, with the JVM flags; nothing of the base's cmd.
assert config.config.Entrypoint == ["java", "-Dapp.mode=container", "-Xmx32m", "-cp",
    "/app/resources:/app/classes:/app/libs/*", "com.example.Main"]
assert config.config.Cmd == null

// Labels from the POM.
def labels = config.config.Labels
assert labels["org.opencontainers.image.title"] == "Java app"
assert labels["org.opencontainers.image.version"] == "1.0"
assert labels["org.opencontainers.image.revision"] == "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
assert labels["org.opencontainers.image.source"] == "https://git.example.org/it/java-app"
assert labels["org.opencontainers.image.licenses"] == "Apache-2.0"
assert labels["org.opencontainers.image.created"] == "2026-01-01T00:00:00Z"

// The project stage gives three layers here (no snapshot dependency), after the JRE's, in change order.
def image = checks.jsonFile("target/image/image.json")
def origins = image.layers.collect { "${it.source.stage}:${it.source.path}" }
assert origins.takeRight(3) == ["project/release-dependencies:/app/libs", "project/resources:/app/resources",
    "project/classes:/app/classes"]
def log = checks.log()
// The checks knew the JRE: its libraries' libjvm.so passes without an ignore pattern, and the default
// entrypoint's java was found on the config's PATH (/opt/jre/bin/java).
assert log =~ /(?m)^\[INFO\] Report .*, \d+ ELF files and 0 scripts checked, entrypoint java checked$/
assert image.checks.libraries.passed == true
assert image.checks.entrypoint.passed == true
assert log =~ /(?m)^\[INFO\] Layer project\/classes:\/app\/classes  \d+ entries, .* \(\d+\.\d s[^)]*\)$/
assert log =~ /(?m)^\[INFO\] Stage project done: .* \(\d+\.\d s[^)]*\)$/

// The files where the class path says.
def rootfs = checks.unpack("target/image/oci:1.0", "bundle")
assert new File(rootfs, "app/libs/commons-lang3-3.14.0.jar").isFile()
assert new File(rootfs, "app/classes/com/example/Main.class").isFile()
assert new File(rootfs, "app/resources/greeting.txt").text.startsWith("hello from the project stage")
assert !new File(rootfs, "app/classes/greeting.txt").exists(): "a resource is not in the classes layer"
assert checks.stat(new File(rootfs, "app/classes/com/example/Main.class")) == "regular file 644 0 0"

// The entrypoint runs on the JRE the jre stage made (java.base only), exactly as configured.
def output = checks.runInImage(rootfs, config.config.Entrypoint)
if (output != null) {
  assert output.trim() == "Hello from the project stage (mode container)"
}

// install published which image this release built.
def installed = new File(localRepositoryPath, "dev/imagesmith/it/java-app/1.0")
assert new File(installed, "java-app-1.0-image.digest").text.trim() == digest
assert checks.json(new File(installed, "java-app-1.0-image.json").text).digest == digest
assert log =~ /Attached digest, json, cdx\.json(, intoto\.json)? as java-app-1\.0-image\./
assert new File(installed, "java-app-1.0-image.cdx.json").text == new File(basedir, "target/image/sbom.cdx.json").text

// The SBOM names the project stage's Maven artifacts as Maven resolved them: commons-lang3 with the
// SHA-256 of the jar in the local repository, and the project itself.
def sbom = checks.jsonFile("target/image/sbom.cdx.json")
assert sbom.bomFormat == "CycloneDX" && sbom.specVersion == "1.6"
assert sbom.metadata.component.version == digest
def maven = sbom.components.findAll { it.purl?.startsWith("pkg:maven/") }
assert maven.collect { it.purl }.toSet() == ["pkg:maven/org.apache.commons/commons-lang3@3.14.0",
    "pkg:maven/dev.imagesmith.it/java-app@1.0"].toSet()
def lang3 = maven.find { it.name == "commons-lang3" }
def repoJar = new File(localRepositoryPath, "org/apache/commons/commons-lang3/3.14.0/commons-lang3-3.14.0.jar")
assert lang3.hashes[0].content == checks.sha256(repoJar)
assert lang3.hashes[0].content == checks.sha256(new File(rootfs, "app/libs/commons-lang3-3.14.0.jar"))
// What the jre stage's run step made is listed file by file, with the hash of what the image holds.
def java = sbom.components.find { it.name == "/opt/jre/bin/java" }
assert java.type == "file" && java.hashes[0].content == checks.sha256(new File(rootfs, "opt/jre/bin/java"))
assert java.properties.find { it.name == "imagesmith:stage" }.value == "jre"
assert java.properties.find { it.name == "imagesmith:stageSteps" }.value == "run"
return true
