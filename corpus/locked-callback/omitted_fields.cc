// concur-locked-callback through tables and hooks whose initializers leave
// values out. `{}` and a field an aggregate initializer does not name are
// zero-initialized: a function pointer left out is null, so a call through it
// runs only what the entries that do name it store.
#include <mutex>

namespace codec {

class Session;
using Encoder = int (*)(Session&, int);

struct Mechanism {
  const char* name;
  Encoder encode;
  Encoder decode;
  void (*shutdown)(Session&);
};

int shift_encode(Session&, int value) { return value + 1; }
int shift_decode(Session&, int value) { return value - 1; }

// The empty entry terminates the table; every pointer in it is null.
const Mechanism kMechanisms[] = {
    {"SHIFT", &shift_encode, &shift_decode},
    {"PLAIN", nullptr},
    {},
};

class Session {
 public:
  explicit Session(int which) : mechanism_(&kMechanisms[which % 2]) {}

  int Encode(int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    // negative: encode is shift_encode, or null in the entries that leave it out.
    return mechanism_->encode ? mechanism_->encode(*this, value) : value;
  }

  void Shutdown() {
    std::lock_guard<std::mutex> lock(mutex_);
    // negative: no entry names shutdown, so every one holds null.
    if (mechanism_->shutdown) mechanism_->shutdown(*this);
  }

  void Flush() {
    std::lock_guard<std::mutex> lock(mutex_);
    // negative: on_flush_ is braced-initialized to its class's own function and never reassigned.
    on_flush_(*this);
  }

  void Drain() {
    std::lock_guard<std::mutex> lock(mutex_);
    // positive: on_drain_ starts empty ({}) but the public SetDrainHook stores the caller's function.
    if (on_drain_) on_drain_(*this); // expect: concur-locked-callback
  }

  void SetDrainHook(void (*hook)(Session&)) {
    std::lock_guard<std::mutex> lock(mutex_);
    on_drain_ = hook;
  }

 private:
  static void FlushNothing(Session&) {}

  std::mutex mutex_;
  const Mechanism* mechanism_;
  void (*on_flush_)(Session&){&FlushNothing};
  void (*on_drain_)(Session&){};
};

}  // namespace codec
