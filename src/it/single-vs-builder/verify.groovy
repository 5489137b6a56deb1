// Measures both images and holds the builder-pattern guide to the figures it states: the page has a
// table row per image with its uncompressed and compressed size in bytes; each must be within
// TOLERANCE of what this build measured (compilers differ a little between machines).
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
final double TOLERANCE = 0.20
def page = new File(itLib, "../../../site/src/site/markdown/builder-pattern.md").canonicalFile

def measured = [:]
[single: "target/single", builder: "target/builder"].each { name, dir ->
  def image = checks.jsonFile("${dir}/image.json")
  def inspect = checks.json(checks.sh(["skopeo", "inspect", "oci:${dir}/oci:1".toString()]))
  assert inspect.Digest == image.digest
  measured[name] = [uncompressed: image.size.uncompressed as long, compressed: image.size.compressed as long]
}

// What each image holds: the single stage ships the build tree; the builder ships only /install.
def single = checks.jsonFile("target/single/image.json")
def builder = checks.jsonFile("target/builder/image.json")
def files = { String dir, Map image ->
  checks.sh(["tar", "-tzf", "${dir}/oci/blobs/sha256/".toString() + image.layers[-1].digest.replace("sha256:", "")])
}
def singleFiles = files("target/single", single)
def builderFiles = files("target/builder", builder)
["src/greet.c", "src/greet.o", "src/libgreet.a", "install/lib/libgreet.a", "install/share/man/man1/hello.1",
 "install/include/greet.h"].each { assert singleFiles.contains(it): "the single stage ships ${it}" }
assert builderFiles.contains("install/bin/hello") && builderFiles.contains("install/lib/libgreet.so.1.0.0")
["src/", "libgreet.a", "share/man", "include/"].each { assert !builderFiles.contains(it): "the builder image has no ${it}" }
// The page says "less than half".
assert measured.builder.compressed * 2 < measured.single.compressed
assert measured.builder.uncompressed * 2 < measured.single.uncompressed

def rows = measured.collect { name, size ->
  "| ${name == 'single' ? 'single stage' : 'builder pattern'} | ${size.uncompressed} | ${size.compressed} |".toString()
}
new File(basedir, "target/sizes.md").text = rows.join("\n") + "\n"
println "Measured sizes (bytes):\n" + rows.join("\n")

// The page's rows: "| single stage | 123456 | 12345 |" (bytes; the page may add columns after these).
def stated = [:]
page.eachLine { line ->
  def row = line =~ /^\|\s*(single stage|builder pattern)\s*\|\s*([0-9]+)\s*\|\s*([0-9]+)\s*\|/
  if (row.find()) {
    stated[row.group(1) == "single stage" ? "single" : "builder"] =
        [uncompressed: row.group(2) as long, compressed: row.group(3) as long]
  }
}
assert stated.keySet() == ["single", "builder"] as Set: "${page} must state both images' sizes; measured:\n${rows.join('\n')}"
stated.each { name, sizes ->
  sizes.each { kind, value ->
    def actual = measured[name][kind]
    assert Math.abs(value - actual) <= TOLERANCE * actual:
        "${page}: the ${name} image's ${kind} size is stated as ${value} bytes but measured ${actual};" +
        " update the table from target/sizes.md:\n${rows.join('\n')}"
  }
}
return true
