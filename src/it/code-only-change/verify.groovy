// A code-only change, recompiled from clean: the dependency and resource layers keep their digests, only the
// classes layer changes, so a push would upload only that small layer.
def checks = evaluate(new File(itLib, "checks.groovy"))(basedir)
def layers = { String build -> checks.jsonFile("${build}/image.json").layers }
def first = layers("build1")
def second = layers("build2")
def origins = first.collect { "${it.source.stage}:${it.source.path}" }
assert origins == ["project/release-dependencies:/app/libs", "project/resources:/app/resources",
    "project/classes:/app/classes"]
assert second.collect { "${it.source.stage}:${it.source.path}" } == origins
assert first[0].digest == second[0].digest: "dependency layer unchanged"
assert first[1].digest == second[1].digest: "resource layer unchanged"
assert first[2].digest != second[2].digest: "the classes layer carries the change"
assert checks.sh(["cat", "build1/digest"]) != checks.sh(["cat", "build2/digest"])
return true
