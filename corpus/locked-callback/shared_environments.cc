// concur-locked-callback: a struct of hooks that several classes hold, one
// embedded, one on the heap, called through a query's pointer to it that no
// store names (`q.hooks->attach (q, id)`). No function that code outside
// the project can call takes a Hooks, so every Hooks is one of those
// classes', and the call runs what their stores put there. A hook a public
// setter fills holds whatever its callers pass; a struct of handlers a
// public constructor takes may hold anything.
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace mesh {

struct Query;

struct Hooks {
  int (*attach)(Query& q, int id) = nullptr;
  void (*trace)(const Query& q) = nullptr;
};

struct Query {
  Hooks* hooks = nullptr;
  int subs = 0;
};

namespace {
int Attach(Query& q, int id) { return q.subs += id; }
int AttachTwice(Query& q, int id) { return Attach(q, id) + Attach(q, id); }
void NoTrace(const Query&) {}
std::mutex g_mesh_mu;
}  // namespace

class Daemon {
 public:
  Daemon() {
    hooks_.attach = &Attach;
    hooks_.trace = &NoTrace;
  }
  Query MakeQuery() {
    Query q;
    q.hooks = &hooks_;
    return q;
  }

 private:
  Hooks hooks_;
};

class Library {
 public:
  Library() : hooks_(new Hooks) { hooks_->attach = AttachTwice; }
  ~Library() { delete hooks_; }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  void SetTracer(void (*trace)(const Query&)) { hooks_->trace = trace; }
  Query MakeQuery() {
    Query q;
    q.hooks = hooks_;
    return q;
  }

 private:
  Hooks* hooks_;
};

int NewSub(Query& q, int id) {
  std::lock_guard<std::mutex> lock(g_mesh_mu);
  // negative: every Hooks is Daemon's or Library's, whose attach is Attach or AttachTwice.
  return q.hooks->attach(q, id);
}

namespace {
int AttachThrough(const Hooks& hooks, Query& q) { return hooks.attach(q, 2); }
}  // namespace

int NewSubs(Query& q) {
  std::lock_guard<std::mutex> lock(g_mesh_mu);
  // negative: AttachThrough calls attach of the Hooks it is given, Daemon's or Library's.
  return AttachThrough(*q.hooks, q);
}

int NewSubCopied(Query& q, int id) {
  Hooks* hooks = q.hooks;
  std::lock_guard<std::mutex> lock(g_mesh_mu);
  // negative: a local copy of the query's pointer: the same Hooks.
  return hooks->attach(q, id);
}

void Trace(const Query& q) {
  std::lock_guard<std::mutex> lock(g_mesh_mu);
  // positive: Library's tracer is what SetTracer's callers pass.
  if (q.hooks->trace) q.hooks->trace(q);  // expect: concur-locked-callback
}

// Handlers a public constructor takes: its users' structs.
struct FileEvents {
  void (*before_open)(const std::string& path) = nullptr;
  void (*after_close)(const std::string& path) = nullptr;
};

namespace {
void LogOpen(const std::string& path) { (void)path.size(); }
}  // namespace

struct DefaultEvents {
  FileEvents events;
  DefaultEvents() { events.before_open = &LogOpen; }
};

class FileSink {
 public:
  explicit FileSink(FileEvents* events) : events_(events) {}
  void Open(const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    // positive: the events come from FileSink's public constructor's callers.
    if (events_->before_open) events_->before_open(path);  // expect: concur-locked-callback
    path_ = path;
  }

 private:
  std::mutex mu_;
  FileEvents* events_;
  std::string path_;
};

}  // namespace mesh
