// concur-locked-callback through values a constructor stores: a function
// pointer a temporary, an aggregate's element or a `new` object receives in
// its constructor, read later through the object or through a member object
// of another class. The constructor is called, so what its callers pass is
// what the field may hold; and a constructor that runs a callable runs it
// where the object is made.
#include <functional>
#include <mutex>

namespace flags {
namespace detail {

using GenFn = void (*)(void* out);

// The default-value source of a flag: a generator function or a value.
union DefaultSrc {
  constexpr explicit DefaultSrc(GenFn gen_arg) : gen(gen_arg) {}
  constexpr explicit DefaultSrc(long value_arg) : value(value_arg) {}
  GenFn gen;
  long value;
};

struct DefaultArg {
  DefaultSrc source;
  int kind;
};

// Each flag's generator, as a macro would write it.
struct GenForVerbose {
  static void Gen(void* out) { *static_cast<int*>(out) = 1; }
};
struct GenForLimit {
  static void Gen(void* out) { *static_cast<int*>(out) = 64; }
};

template <class G>
constexpr DefaultArg MakeDefault() {
  return {DefaultSrc(&G::Gen), 1};
}

class FlagImpl {
 public:
  constexpr FlagImpl(const char* name, DefaultArg arg) : name_(name), default_(arg.source) {}

  const char* name() const { return name_; }

  int Default() {
    std::lock_guard<std::mutex> guard(mu_);
    int out = 0;
    // negative: default_.gen is GenForVerbose::Gen or GenForLimit::Gen, the only values DefaultSrc's constructor is given.
    (*default_.gen)(&out);
    return out;
  }

 private:
  const char* name_;
  DefaultSrc default_;
  std::mutex mu_;
};

}  // namespace detail

detail::FlagImpl verbose_flag("verbose", detail::MakeDefault<detail::GenForVerbose>());
detail::FlagImpl limit_flag("limit", detail::MakeDefault<detail::GenForLimit>());

}  // namespace flags

namespace jobs {
namespace detail {

// A job made with `new`, holding the step it runs.
class Job {
 public:
  explicit Job(void (*step)(int)) : step_(step) {}
  void Run(int n) { step_(n); }

 private:
  void (*step_)(int);
};

// A task made with `new` from whatever the application submits.
class Task {
 public:
  explicit Task(void (*body)(int)) : body_(body) {}
  void Run(int n) { body_(n); }

 private:
  void (*body_)(int);
};

void compact_step(int n) { (void)n; }
void flush_step(int n) { (void)n; }

}  // namespace detail

class Scheduler {
 public:
  void Start() {
    compact_ = new detail::Job(&detail::compact_step);
    flush_ = new detail::Job(detail::flush_step);
  }

  void Submit(void (*body)(int)) {
    std::lock_guard<std::mutex> guard(mu_);
    task_ = new detail::Task(body);
  }

  void Drain() {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: the task's body_ is what the application passed to Submit (the `new` passes it on).
    if (task_) task_->Run(0);  // expect: concur-locked-callback
  }

  void Tick() {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: a Job's step_ is compact_step or flush_step, the functions every `new Job` passes.
    compact_->Run(1);
    // negative: the same for the other job.
    flush_->Run(2);
  }

 private:
  std::mutex mu_;
  detail::Job* compact_ = nullptr;
  detail::Job* flush_ = nullptr;
  detail::Task* task_ = nullptr;
};

}  // namespace jobs

namespace hooks {

// A public class: code outside the project constructs it with its own function.
class Hook {
 public:
  explicit Hook(void (*fn)()) : fn_(fn) {}
  void Fire() { fn_(); }

 private:
  void (*fn_)();
};

// A temporary that runs what it is given as it is made.
class Notify {
 public:
  explicit Notify(const std::function<void()>& fn) { fn(); }
};

class Bus {
 public:
  void Emit(Hook* hook) {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: Hook's constructor is public, so fn_ may be any function an application passes.
    hook->Fire();  // expect: concur-locked-callback
  }

  void Post(const std::function<void()>& listener) {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: constructing the temporary runs the application's listener under mu_.
    Notify{listener};  // expect: concur-locked-callback
  }

  void Settle() {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: the temporary runs the Bus's own lambda, which only counts.
    Notify([this] { ++settled_; });
  }

 private:
  std::mutex mu_;
  int settled_ = 0;
};

}  // namespace hooks
