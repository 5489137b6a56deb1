// A parent POM's pluginManagement configures the images; children override <to> and append a stage and
// a layer (combine.children="append"); two images are built by two threads (-T 2).
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def log = checks.log()
assert log.contains("Using the MultiThreadedBuilder implementation with a thread count of 2")
assert !new File(basedir, "lib/target/image").exists(): "a module without the plugin gets no image"

def origins = { String module ->
  checks.jsonFile("${module}/target/image/image.json").layers.collect { "${it.source.stage}:${it.source.path}" }
}
// app-a: the parent's layers, then its own appended one; the reactor's lib is a snapshot dependency.
// (No resources layer: app-a has no resources, and empty parts give no layer.)
assert origins("app-a") == ["company:/etc/company", "project/release-dependencies:/app/libs",
    "project/snapshot-dependencies:/app/libs", "project/classes:/app/classes", "tools:/opt/tools"]
// app-b: the parent's configuration unchanged (no dependencies, no resources).
assert origins("app-b") == ["company:/etc/company", "project/classes:/app/classes"]

def configA = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:app-a/target/image/oci:1"]))
assert configA.config.Entrypoint[-1] == "com.example.a.App"
assert configA.config.User == "1000:1000": "inherited from the parent"
def manifestA = checks.json(checks.sh(["tar", "-xOf", "app-a/target/image/image.tar", "manifest.json"]))
assert manifestA[0].RepoTags == ["registry.example.org/team-a/app-a:1"]: "the child's <to> wins"
def manifestB = checks.json(checks.sh(["tar", "-xOf", "app-b/target/image/image.tar", "manifest.json"]))
assert manifestB[0].RepoTags == ["registry.example.org/company/app-b:1.0-SNAPSHOT"]: "the parent's <to>"

def rootfs = checks.unpack("app-a/target/image/oci:1", "bundle-a")
assert new File(rootfs, "app/libs/lib-1.0-SNAPSHOT.jar").isFile()
assert new File(rootfs, "app/libs/commons-lang3-3.14.0.jar").isFile()
assert new File(rootfs, "etc/company/policy").text.trim() == "built the company way"
assert new File(rootfs, "opt/tools/a").text.trim() == "a-tool"
return true
