// Which build target a compile command's object belongs to: the fact that
// tells the project phase which sources are linked into one program.
#include "driver/BuildTarget.h"

#include <gtest/gtest.h>

using concur::analyzer_internal::build_target_of;
using concur::analyzer_internal::build_targets_of;
using clang::tooling::CompileCommand;

namespace {

CompileCommand command(std::string directory, std::string file, std::vector<std::string> line,
                       std::string output = "") {
  return CompileCommand(std::move(directory), std::move(file), std::move(line), std::move(output));
}

TEST(BuildTargetTest, CMakeObjectNamesItsTargetDirectory) {
  EXPECT_EQ(build_target_of(command("/b", "/s/src/net/loop.c",
                                    {"cc", "-c", "/s/src/net/loop.c", "-o",
                                     "src/CMakeFiles/broker.dir/net/loop.c.o"})),
            "/b/src/CMakeFiles/broker.dir");
}

TEST(BuildTargetTest, MesonObjectNamesItsTargetDirectory) {
  EXPECT_EQ(build_target_of(command("/b", "/s/gio/gtask.c", {"cc", "-c", "../s/gio/gtask.c"},
                                    "gio/libgio-2.0.so.0.7400.6.p/gtask.c.o")),
            "/b/gio/libgio-2.0.so.0.7400.6.p");
}

TEST(BuildTargetTest, AutomakePerTargetObjectNamesItsProgram) {
  EXPECT_EQ(build_target_of(command("/s", "/s/items.c",
                                    {"cc", "-c", "-o", "memcached-items.o", "items.c"})),
            "/s/memcached");
  EXPECT_EQ(build_target_of(command("/s", "/s/items.c",
                                    {"cc", "-c", "-omemcached_debug-items.o", "items.c"})),
            "/s/memcached_debug");
}

TEST(BuildTargetTest, PlainObjectNamesNoTarget) {
  // `make` without per-target objects: items.o may be linked into any of the
  // directory's programs.
  EXPECT_EQ(build_target_of(command("/s", "/s/items.c", {"cc", "-c", "-o", "items.o", "items.c"})), "");
  EXPECT_EQ(build_target_of(command("/s", "/s/items.c", {"cc", "-c", "items.c"})), "");
  // A dash in the source's own name is not a target prefix.
  EXPECT_EQ(build_target_of(command("/s", "/s/slab-alloc.c", {"cc", "-c", "-o", "slab-alloc.o", "slab-alloc.c"})),
            "");
}

TEST(BuildTargetTest, ASourceBuiltTwiceNamesBothTargets) {
  // glib builds gdbus-test-codegen.c, with its main, into two test binaries.
  const std::vector<CompileCommand> twice = {
      command("/b", "/s/t/codegen.c", {"cc", "-c", "../s/t/codegen.c"}, "t/codegen.p/codegen.c.o"),
      command("/b", "/s/t/codegen.c", {"cc", "-c", "../s/t/codegen.c"}, "t/codegen-min.p/codegen.c.o"),
      command("/b", "/s/t/codegen.c", {"cc", "-c", "-DX", "../s/t/codegen.c"}, "t/codegen.p/codegen.c.o")};
  EXPECT_EQ(build_targets_of(twice), (std::vector<std::string>{"/b/t/codegen.p", "/b/t/codegen-min.p"}));
}

TEST(BuildTargetTest, ACommandWithoutTargetKeepsTheSourceOpen) {
  // Also built as a plain object that any program may link: "" says so.
  const std::vector<CompileCommand> mixed = {
      command("/s", "/s/items.c", {"cc", "-c", "-o", "memcached-items.o", "items.c"}),
      command("/s", "/s/items.c", {"cc", "-c", "-o", "items.o", "items.c"})};
  EXPECT_EQ(build_targets_of(mixed), (std::vector<std::string>{"/s/memcached", ""}));
  // Only plain objects: no target at all.
  EXPECT_TRUE(build_targets_of({command("/s", "/s/items.c", {"cc", "-c", "-o", "items.o", "items.c"})}).empty());
}

}  // namespace
