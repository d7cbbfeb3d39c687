// Which frames of a creation stack are concur's own library code: decided by the
// function's namespace, not by where its source file lives.
#include "detail/symbolizer.h"

#include <gtest/gtest.h>

namespace {

using concur::runtime_internal::is_concur_library_function;

// The names below are what clang-19 emits for the declarations in the comments.

TEST(ConcurLibraryFrames, ConcurFunctionsTypesAndLibraryNamespacesAreConcurs) {
  // concur::TcpStream::connect(std::string, unsigned short)
  EXPECT_TRUE(is_concur_library_function(
      "_ZN6concur9TcpStream7connectENSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEt"));
  // bool concur::TcpStream::is_open() const
  EXPECT_TRUE(is_concur_library_function("_ZNK6concur9TcpStream7is_openEv"));
  // concur::Task<int> concur::with_timeout<int>(long, concur::Task<int>)
  EXPECT_TRUE(is_concur_library_function("_ZN6concur12with_timeoutIiEENS_4TaskIT_EElS3_"));
  // concur::reactor_internal::(anonymous namespace)::adopt(int)
  EXPECT_TRUE(is_concur_library_function("_ZN6concur16reactor_internal12_GLOBAL__N_15adoptEi"));
  // concur::(anonymous namespace)::helper()
  EXPECT_TRUE(is_concur_library_function("_ZN6concur12_GLOBAL__N_16helperEv"));
  // concur::testing::run_block()
  EXPECT_TRUE(is_concur_library_function("_ZN6concur7testing9run_blockEv"));
}

TEST(ConcurLibraryFrames, ALambdaBelongsToTheFunctionItIsWrittenIn) {
  // concur::testing::run_block()::$_0::operator()() const
  EXPECT_TRUE(is_concur_library_function("_ZZN6concur7testing9run_blockEvENK3$_0clEv"));
  // Fixture_Test::TestBody()::$_0::operator()() const, and its coroutine clone
  EXPECT_FALSE(is_concur_library_function("_ZZN12Fixture_Test8TestBodyEvENK3$_0clEv"));
  EXPECT_FALSE(is_concur_library_function("_ZZN12Fixture_Test8TestBodyEvENK3$_0clEv.resume"));
}

TEST(ConcurLibraryFrames, UserCodeIsNotConcursWhateverItsNamesContain) {
  // app::reactor::open_listener(): a user's namespace called reactor
  EXPECT_FALSE(is_concur_library_function("_ZN3app7reactor13open_listenerEv"));
  // concur::Task<int> handler<int>(): returns a concur type, is the user's
  EXPECT_FALSE(is_concur_library_function("_Z7handlerIiEN6concur4TaskIT_EEv"));
  // concur::examples::serve_echo(int): code built on concur, in a namespace of its own
  EXPECT_FALSE(is_concur_library_function("_ZN6concur8examples10serve_echoEi"));
}

TEST(ConcurLibraryFrames, NamesThatAreNotMangledCppFunctionsAreNotConcurs) {
  EXPECT_FALSE(is_concur_library_function("main"));
  EXPECT_FALSE(is_concur_library_function("__libc_start_main"));
  EXPECT_FALSE(is_concur_library_function(""));
  EXPECT_FALSE(is_concur_library_function("<invalid>"));
  EXPECT_FALSE(is_concur_library_function("_ZN6concur"));  // cut short
}

}  // namespace
