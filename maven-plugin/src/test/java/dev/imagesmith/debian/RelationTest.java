package dev.imagesmith.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelationTest {
  @Test
  void parseField_groupsAlternativesAndVersions() {
    List<List<Relation>> groups =
        Relation.parseField(
            "libc6 (>= 2.34), debconf (>= 0.5) | debconf-2.0, python3:any (>= 3.11~), libstdc++6");
    assertEquals(4, groups.size());
    assertEquals(List.of(new Relation("libc6", ">=", "2.34")), groups.get(0));
    assertEquals(
        List.of(new Relation("debconf", ">=", "0.5"), new Relation("debconf-2.0", null, null)),
        groups.get(1));
    assertEquals(List.of(new Relation("python3", ">=", "3.11~")), groups.get(2));
    assertEquals("libstdc++6", groups.get(3).get(0).name());
  }

  @Test
  void parseField_dropsArchitectureRestrictionsAndProfiles() {
    List<List<Relation>> groups = Relation.parseField("foo [amd64 !i386] <!nocheck>, bar(<<2)");
    assertEquals(new Relation("foo", null, null), groups.get(0).get(0));
    assertEquals(new Relation("bar", "<<", "2"), groups.get(1).get(0));
  }

  @Test
  void parseField_emptyIsNoRelations() {
    assertEquals(List.of(), Relation.parseField(null));
    assertEquals(List.of(), Relation.parseField("  "));
  }

  @Test
  void parseField_garbageIsRefusedWithThePart() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Relation.parseField("ok, Bad Name"));
    assertEquals("'Bad Name' is not a relation", e.getMessage());
  }

  @Test
  void parseList_providesWithVersions() {
    assertEquals(
        List.of(new Relation("awk", null, null), new Relation("libfoo-abi", "=", "3")),
        Relation.parseList("awk, libfoo-abi (= 3)"));
  }
}
