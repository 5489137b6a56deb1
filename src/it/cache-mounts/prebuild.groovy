// A tiny stage root: the host's static busybox and the applets the counting step uses. The cache
// directory starts empty, as on a fresh machine.
import java.nio.file.Files
import java.nio.file.Path

def busybox = Path.of("/bin/busybox")
assert Files.isExecutable(busybox): "a static busybox is needed (apt-get install busybox-static)"
def bin = basedir.toPath().resolve("rootfs/bin")
Files.createDirectories(bin)
Files.copy(busybox, bin.resolve("busybox"))
["sh", "cat", "mkdir"].each { Files.createSymbolicLink(bin.resolve(it), Path.of("busybox")) }
new File(basedir, "cache").deleteDir()
return true
