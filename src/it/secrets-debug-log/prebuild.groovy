// Starts a real docker-registry with htpasswd auth (user builder, the password invoker.properties puts in
// REG_PASSWORD) on 127.0.0.1 and a free port, and hands its address to the build through .mvn/maven.config.
// verify.groovy stops it; `timeout` ends it anyway if verify never runs.
def password = "it-secret-Qx81-do-not-print"
def registryBinary = new File("/usr/bin/docker-registry")
assert registryBinary.canExecute(): "docker-registry is not installed (scripts/install-deps)"
assert new File("/usr/bin/htpasswd").canExecute(): "htpasswd is not installed (apache2-utils, scripts/install-deps)"
def port = new ServerSocket(0).withCloseable { it.localPort }
def address = "127.0.0.1:${port}"
def work = new File(basedir, "registry")
new File(work, "storage").mkdirs()
def htpasswd = new ProcessBuilder("htpasswd", "-Bbc", new File(work, "htpasswd").path, "builder", password)
    .redirectErrorStream(true).start()
assert htpasswd.waitFor() == 0: htpasswd.inputStream.text
new File(work, "config.yml").text = """version: 0.1
log:
  level: info
  formatter: text
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${new File(work, 'storage').absolutePath}
auth:
  htpasswd:
    realm: imagesmith-it
    path: ${new File(work, 'htpasswd').absolutePath}
http:
  addr: ${address}
"""
def process = new ProcessBuilder("timeout", "900", registryBinary.path, "serve", "config.yml")
    .directory(work)
    .redirectOutput(new File(work, "access.log"))
    .redirectError(new File(work, "registry.log"))
    .start()
new File(work, "pid").text = process.pid().toString()
new File(work, "address").text = address
def deadline = System.currentTimeMillis() + 30_000
while (true) {
  try {
    def connection = new URL("http://${address}/v2/").openConnection()
    if (connection.responseCode == 401) break
  } catch (IOException notYet) {
  }
  assert process.alive && System.currentTimeMillis() < deadline: "docker-registry did not start: " + new File(work, "registry.log").text
  Thread.sleep(50)
}
new File(basedir, ".mvn").mkdirs()
new File(basedir, ".mvn/maven.config").text = "-Dregistry=${address}\n"
return true
