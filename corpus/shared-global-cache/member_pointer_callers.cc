// Methods run through pointers to member: a class keeps `&Class::Method` (handed to a setter, or in
// a table) and calls it with `(this->*p)()`. Such a call is a call of every method of that type
// whose address the project takes, so the locks held there are those methods' callers' locks
// (glog's LogMessage::Flush runs send_method_ under log_mutex).
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace member_pointer_callers {

std::mutex log_mutex;
std::map<std::string, int> files_opened;
std::map<std::string, int> dropped;

class Message {
 public:
  explicit Message(bool to_file) { Init(to_file ? &Message::SendToFile : &Message::SendToNowhere); }
  ~Message() { Flush(); }

  void Flush() {
    std::lock_guard<std::mutex> lock(log_mutex);
    (this->*send_)();
  }
  // Also called directly, without the lock.
  void Discard() { SendToNowhere(); }

  void SendToFile() { OpenFile("app.log"); }
  void SendToNowhere() { Drop("message"); }

 private:
  void Init(void (Message::*send)()) { send_ = send; }

  static void OpenFile(const std::string& name) {
    // negative: OpenFile runs only from SendToFile, which runs only through send_ under log_mutex.
    files_opened[name]++;
  }
  static void Drop(const std::string& what) {
    // positive: Discard calls SendToNowhere without log_mutex; Flush calls it through send_ with it.
    dropped[what]++;  // expect: concur-shared-global-cache
  }

  void (Message::*send_)() = nullptr;
};

std::map<std::string, int> staged;
std::map<std::string, int> imported;

// A table of steps, every one run under the exporter's lock.
class Exporter {
 public:
  void Run() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto step : kSteps) (this->*step)();
  }

 private:
  void Stage() {
    // negative: the only calls of Stage are through kSteps, in Run, under mu_ (and staged is used
    // nowhere else).
    staged["batch"] = 1;
  }
  void Commit() {
    // negative: the same as Stage: only through kSteps, under mu_.
    staged.clear();
  }

  static constexpr void (Exporter::*kSteps[])() = {&Exporter::Stage, &Exporter::Commit};
  std::mutex mu_;
};

// The same table, but one run through it holds no lock.
class Importer {
 public:
  void Run() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto step : kSteps) (this->*step)();
  }
  void RunUnlocked() {
    for (auto step : kSteps) (this->*step)();
  }

 private:
  void Read() {
    // positive: RunUnlocked calls it through kSteps without mu_; Run with it.
    imported["batch"] = 1;  // expect: concur-shared-global-cache
  }

  static constexpr void (Importer::*kSteps[])() = {&Importer::Read};
  std::mutex mu_;
};

void Work() {
  Message(true).Discard();
  Message(false).Discard();
  Exporter().Run();
  Importer importer;
  importer.Run();
  importer.RunUnlocked();
}

void Start() {
  std::thread first(Work);
  std::thread second(Work);
  first.join();
  second.join();
}

}  // namespace member_pointer_callers
