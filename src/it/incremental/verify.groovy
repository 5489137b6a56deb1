// Cold, then one changed file on the kept tree (make compiles that file alone), then the same inputs from
// scratch: the same image; then the first inputs again: the first image.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def json = { String build -> checks.jsonFile("${build}/image.json") }
def digest = { String build -> new File(basedir, "${build}/digest").text.trim() }

assert json("build1").stages[0].build == "clean"
assert json("build2").stages[0].build == "incremental"
assert json("build3").stages[0].build == "clean": "image.incremental=false runs from scratch"
assert json("build4").stages[0].build == "clean": "after a run from scratch nothing was kept"

assert digest("build2") != digest("build1")
assert digest("build3") == digest("build2"): "the incremental image is the one from scratch"
assert digest("build4") == digest("build1")

// What make compiled in each build (build.log holds the four invocations in order).
def builds = checks.log().split(/\[INFO\] Building incremental 1\.0/).drop(1)
assert builds.size() == 4
def compiled = builds.collect { text -> (text =~ /\| cc -O2 -c -o (\S+)/).collect { it[1] } }
assert compiled[0].sort() == ["a.o", "b.o", "c.o", "main.o"]
assert compiled[1] == ["b.o"]: "only the changed file: ${compiled[1]}"
assert compiled[2].sort() == ["a.o", "b.o", "c.o", "main.o"]
assert builds[1].contains("incremental: the steps run again on the tree they left in the last build")
assert builds[2].contains("incremental, but image.incremental=false: from scratch")

def output = checks.runInImage(checks.unpack("build2/oci:1", "bundle"), ["/install/bin/hello"])
if (output != null) {
  assert output.trim() == "sum ${(1 + 97) + (2 * 2 + 98) + (3 + 99)}"
}
return true
