// The parent's settings and the module's own merge into one configuration; image.skip skips a module.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def app = new File(basedir, "app")
def digest = new File(app, "target/image/digest").text.trim()
def inspect = checks.json(checks.sh(["skopeo", "inspect", "oci:app/target/image/oci:1.0"]))
assert inspect.Digest == digest
def config = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:app/target/image/oci:1.0"]))
assert config.config.User == "1000:1000": "from the parent"
assert config.config.Labels["org.opencontainers.image.vendor"] == "Example Corp": "from the parent"
assert config.config.Entrypoint == ["/app/run.sh"]: "from the module"
def image = checks.jsonFile("app/target/image/image.json")
assert image.references == ["app:1.0"]: "named \${project.artifactId}:\${project.version} without <to>"
assert image.layers[-1].mediaType == "application/vnd.oci.image.layer.v1.tar+zstd": "the parent's compression"
assert !new File(basedir, "tools/target/image").exists()
assert checks.log().contains("Skipping the image build (image.skip is true)")
return true
