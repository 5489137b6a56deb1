// The Jib user's start, run as a container runtime would: examples/java-app (copied to example/) built FROM a
// JRE image pulled from a real registry, the project stage alone (no <layers>), its image.tar ready for
// `docker load`; then the image run with its own Env, with JAVA_TOOL_OPTIONS setting a property and opening a
// JDWP port that this script really debugs over, and the -Pagent image run with its Java agent attached.
import java.nio.charset.StandardCharsets

def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def work = new File(basedir, "registry")
def address = new File(work, "address").text.trim()
try {
  def log = checks.log()
  // build.log holds the pre-build script's lines, then the four invocations, each starting with Maven's
  // "Scanning for projects".
  def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1)
  assert runs.size() == 4: "expected four invocations in build.log, found ${runs.size()}"
  runs.each { assert it.contains("BUILD SUCCESS") }

  // Build 1 pushed the JRE; builds 2 and 3 pulled it from the registry as <from>.
  def jreDigest = new File(basedir, "target/image/digest").text.trim()
  def pushed = checks.sh(["skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
      "docker://${address}/eclipse-temurin:17-jre".toString()]).trim()
  assert pushed == jreDigest
  assert runs[1].contains("Base ${address}/eclipse-temurin:17-jre".toString())

  // The plain image: the JRE's layers unchanged, then the project stage's layers, in change order; nothing
  // declared <layers>, so the project stage is the image's only addition.
  def image = checks.jsonFile("example/target/image/image.json")
  def origins = image.layers.collect { "${it.source.stage}:${it.source.path}" }
  assert origins.takeRight(2) == ["project/resources:/app/resources", "project/classes:/app/classes"]: origins
  def jreLayers = checks.json(checks.sh(["skopeo", "inspect", "oci:target/image/oci:17-jre"])).Layers
  def layers = checks.json(checks.sh(["skopeo", "inspect", "oci:example/target/image/oci:1.0"])).Layers
  assert layers.size() == jreLayers.size() + 2
  assert layers.take(jreLayers.size()) == jreLayers: "the base's layers are reused as they are"

  // The config a Jib user expects: java -cp ... mainClass, the base's Env kept.
  def config = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:example/target/image/oci:1.0"])).config
  assert config.Entrypoint == ["java", "-cp", "/app/resources:/app/classes:/app/libs/*", "com.example.App"]
  assert config.Env.contains("JAVA_HOME=/opt/java/openjdk")
  def environment = config.Env.collectEntries { def (name, value) = it.split("=", 2); [name, value] }

  // docker load / podman load read image.tar's manifest.json: one image, tagged as the POM names it.
  def manifest = checks.json(checks.sh(["tar", "-xOf", "example/target/image/image.tar", "manifest.json"]))
  assert manifest.size() == 1 && manifest[0].RepoTags == ["java-app:1.0"]

  def rootfs = checks.unpack("example/target/image/oci:1.0", "bundle")
  assert new File(rootfs, "app/classes/com/example/App.class").isFile()
  assert new File(rootfs, "app/resources/app.properties").isFile()
  assert new File(rootfs, "opt/java/openjdk/bin/java").canExecute()

  // 1. docker run java-app:1.0
  def plain = checks.execInImage(rootfs, config.Entrypoint, environment)
  if (plain != null) {
    assert plain.out.readLines() == ["Hello from the java-app example on Java ${Runtime.version().feature()}".toString(),
        "greeting=hello from app.properties", "agent=absent"]: plain.out + plain.err

    // 2. docker run -e JAVA_TOOL_OPTIONS=... -p PORT:PORT java-app:1.0: a property and a JDWP port, suspended until
    // a debugger comes. This script is that debugger: the JDWP handshake, VirtualMachine.Version, then Resume.
    def port = new ServerSocket(0).withCloseable { it.localPort }
    def options = "-Dgreeting=hi -agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=*:${port}".toString()
    def debugged = checks.startInImage(rootfs, config.Entrypoint, environment + [JAVA_TOOL_OPTIONS: options])
    def out = new StringBuilder()
    def err = new StringBuilder()
    def stdout = new BufferedReader(new InputStreamReader(debugged.inputStream, StandardCharsets.UTF_8))
    def errors = Thread.start { err << debugged.errorStream.getText("UTF-8") }
    def listening = stdout.readLine()
    assert listening == "Listening for transport dt_socket at address: ${port}".toString(): "${listening}\n${err}"
    def version = Jdwp.versionThenResume("127.0.0.1", port)
    assert version.description.contains("Java Debug Wire Protocol")
    assert version.vmVersion.startsWith("${Runtime.version().feature()}".toString()): version
    out << stdout.text
    assert debugged.waitFor() == 0: "${out}\n${err}"
    errors.join()
    // After the debugger detaches, the JVM listens (and says so) again, for the next one.
    assert out.toString().readLines() - listening == ["Hello from the java-app example on Java ${Runtime.version().feature()}".toString(),
        "greeting=hi", "agent=absent"]: out
    assert err.toString().contains("Picked up JAVA_TOOL_OPTIONS: ${options}".toString())
  }

  // 3. mvn package -Pagent: the agent in its own layer below the project's, -javaagent in the entrypoint.
  def agentConfig = checks.json(checks.sh(["skopeo", "inspect", "--config", "oci:example/target/image-agent/oci:1.0"])).config
  assert agentConfig.Entrypoint == ["java", "-javaagent:/opt/agent/agent.jar", "-cp",
      "/app/resources:/app/classes:/app/libs/*", "com.example.App"]
  def agentLayers = checks.json(checks.sh(["skopeo", "inspect", "oci:example/target/image-agent/oci:1.0"])).Layers
  assert agentLayers.size() == layers.size() + 1
  assert agentLayers - agentLayers[jreLayers.size()] == layers: "the agent adds a layer and changes no other"
  def agentRoot = checks.unpack("example/target/image-agent/oci:1.0", "bundle-agent")
  assert new File(agentRoot, "opt/agent/agent.jar").isFile()
  def withAgent = checks.execInImage(agentRoot, agentConfig.Entrypoint, environment)
  if (withAgent != null) {
    assert withAgent.out.readLines().last() == "agent=attached": withAgent.out + withAgent.err
  }

  // 4. dockerfile/pom.xml, the Dockerfile next to it translated: each instruction in the image config, and
  // COPY --chown's owner on the layer's files (the directories above the path keep root's). The config is read
  // from image.tar as docker load reads it (skopeo's OCI view has no Healthcheck: only Docker's config does).
  def archive = "dockerfile/target/image/image.tar"
  def configName = checks.json(checks.sh(["tar", "-xOf", archive, "manifest.json"]))[0].Config
  def built = checks.json(checks.sh(["tar", "-xOf", archive, configName])).config
  assert built.Env.contains("APP_DATA=/opt/app/data") && built.Env.contains("JAVA_HOME=/opt/java/openjdk")
  assert built.Labels["org.opencontainers.image.title"] == "dockerfile-to-pom"
  assert built.User == "1000:1000"
  assert built.WorkingDir == "/opt/app"
  assert built.ExposedPorts == ["8080/tcp": [:]]
  assert built.Volumes == ["/var/lib/app": [:]]
  assert built.Healthcheck == [Test: ["CMD", "java", "-version"], Interval: 30_000_000_000L, Timeout: 5_000_000_000L,
      Retries: 3]
  assert built.StopSignal == "SIGTERM"
  assert built.Entrypoint == ["java"] && built.Cmd == ["-version"]
  def dockerfileRoot = checks.unpack("dockerfile/target/image/oci:1.0", "bundle-dockerfile")
  assert new File(dockerfileRoot, "opt/app/data/greeting.txt").text == "hello from the builder\n"
  assert checks.stat(new File(dockerfileRoot, "opt/app/data/greeting.txt")) == "regular file 644 1000 1000"
  assert checks.stat(new File(dockerfileRoot, "opt/app/data")) == "directory 755 1000 1000"
  assert checks.stat(new File(dockerfileRoot, "opt/app")) == "directory 755 0 0"
} finally {
  def pid = new File(work, "pid").text.trim() as long
  ProcessHandle.of(pid).ifPresent { it.destroy() }
}
return true

/** Just enough of JDWP (the protocol jdb and IDEs speak) to show that a debugger attaches and drives the VM. */
class Jdwp {
  static Map versionThenResume(String host, int port) {
    def socket = new Socket()
    socket.connect(new InetSocketAddress(host, port), 30_000)
    socket.soTimeout = 30_000
    socket.withCloseable {
      def out = new DataOutputStream(socket.outputStream)
      def input = new DataInputStream(socket.inputStream)
      def handshake = "JDWP-Handshake".getBytes(StandardCharsets.US_ASCII)
      out.write(handshake)
      def answer = new byte[handshake.length]
      input.readFully(answer)
      assert answer == handshake
      def reply = command(out, input, 1, 1, 1) // VirtualMachine.Version
      def data = new DataInputStream(new ByteArrayInputStream(reply))
      def description = string(data)
      data.readInt() // jdwpMajor
      data.readInt() // jdwpMinor
      def vmVersion = string(data)
      command(out, input, 2, 1, 9) // VirtualMachine.Resume
      return [description: description, vmVersion: vmVersion]
    }
  }

  /**
   * Sends a command packet without data; returns the reply's data after checking id and error code. Command
   * packets from the VM (the VMStart event it sends by itself) are read and skipped.
   */
  static byte[] command(DataOutputStream out, DataInputStream input, int id, int set, int command) {
    out.writeInt(11)
    out.writeInt(id)
    out.writeByte(0)
    out.writeByte(set)
    out.writeByte(command)
    out.flush()
    while (true) {
      int length = input.readInt()
      int replyTo = input.readInt()
      boolean reply = (input.readByte() & 0x80) != 0
      short error = input.readShort() // a command packet's command set and command
      def data = new byte[length - 11]
      input.readFully(data)
      if (reply) {
        assert replyTo == id
        assert error == 0: "JDWP error ${error} for command ${set}/${command}"
        return data
      }
    }
  }

  static String string(DataInputStream data) {
    def bytes = new byte[data.readInt()]
    data.readFully(bytes)
    return new String(bytes, StandardCharsets.UTF_8)
  }
}
