// A job library that runs work on threads of its own, a daemon that uses it,
// and test programs. A library that starts threads does not make a test
// program concurrent: a test whose `main` starts no thread, and calls no code
// that starts one, runs each of its cases before any thread exists.
#pragma once

#include <functional>
#include <string>

namespace jobs {

/// Runs `work` on `threads` threads of the library's own and joins them.
void RunOnWorkers(int threads, const std::function<void(int)>& work);

/// Records one finished job.
void Record(const std::string& name);

/// How many jobs were recorded.
int Recorded();

}  // namespace jobs
