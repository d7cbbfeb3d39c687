// A hook that a signal handler of the project may run must be async-signal-safe (it may
// interrupt any code, including code that holds the hook's lock), so it takes no lock and cannot
// take the caller's lock again. The same hook shape outside any handler's reach is reported.
#include <signal.h>
#include <string.h>

#include <mutex>

namespace signal_safe {

using Unwinder = int (*)(void** pcs, int max);
Unwinder custom_unwinder = nullptr;
void SetUnwinder(Unwinder u) { custom_unwinder = u; }

// The crash handler installed below captures the stack through this, with no lock on the way:
// the unwinder must be async-signal-safe, and takes no lock.
int CaptureStack(void** pcs, int max) {
  if (custom_unwinder) return custom_unwinder(pcs, max);
  return 0;
}

std::mutex trace_mu;
int traces_taken = 0;
// negative: the deadlock detector's shape: it captures stacks under its own mutex, which the
// signal-safe unwinder cannot take again.
int RecordTrace(void** pcs, int max) {
  std::lock_guard<std::mutex> lock(trace_mu);
  ++traces_taken;
  return CaptureStack(pcs, max);
}

using Hook = void (*)(int);
Hook on_event = nullptr;
void SetEventHook(Hook h) { on_event = h; }
std::mutex event_mu;
// positive: no signal handler reaches Publish; the hook may be any code.
void Publish(int v) {
  std::lock_guard<std::mutex> lock(event_mu);
  if (on_event) on_event(v);  // expect: concur-locked-callback
}

void OnCrash(int, siginfo_t*, void*) {
  void* pcs[32];
  CaptureStack(pcs, 32);
}

// The handler arrives through a parameter of the helper that fills struct sigaction.
void Install(int signo, void (*handler)(int, siginfo_t*, void*)) {
  struct sigaction act;
  memset(&act, 0, sizeof act);
  act.sa_flags = SA_SIGINFO;
  act.sa_sigaction = handler;
  sigaction(signo, &act, nullptr);
}
void InstallCrashHandler() { Install(SIGSEGV, &OnCrash); }

}  // namespace signal_safe
