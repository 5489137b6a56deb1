// Starts a real docker-registry with htpasswd auth (user builder, the password invoker.properties puts in
// REG_PASSWORD) on 127.0.0.1 and a free port, and hands its address to the build through .mvn/maven.config.
// verify.groovy stops it; `timeout` ends it anyway if verify never runs.
def address = evaluate(new File(itLib, "registry.groovy"))(basedir, "builder", "it-fleet-cache-pass")
new File(basedir, ".mvn").mkdirs()
new File(basedir, ".mvn/maven.config").text = "-Dregistry=${address}\n"
return true
