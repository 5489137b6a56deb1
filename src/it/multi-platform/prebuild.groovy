// Starts a real docker-registry on 127.0.0.1 and a free port for this IT and hands its address to the
// build through .mvn/maven.config. verify.groovy stops it; `timeout` ends it anyway if verify never runs.
def address = evaluate(new File(itLib, "registry.groovy"))(basedir)
new File(basedir, ".mvn").mkdirs()
new File(basedir, ".mvn/maven.config").text = "-Dregistry=${address}\n"
return true
