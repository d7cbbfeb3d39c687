// concur-locked-callback through a virtual call on an object the caller
// names: a batch replays its records into a handler (leveldb's
// WriteBatch::Iterate). An application may pass its own handler, which runs
// its own code; a caller that passes an object of the library's own handler
// class runs that class's overrides only.
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace store {

class Batch {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void Put(const std::string& key) = 0;
    virtual void Delete(const std::string& key) = 0;
  };

  void Add(const std::string& key) { keys_.push_back(key); }

  void Replay(Handler* handler) const {
    for (const auto& key : keys_) {
      if (key.empty()) handler->Delete(key);
      else handler->Put(key);
    }
  }

  void ReplayInto(Handler& handler) const {
    for (const auto& key : keys_) handler.Put(key);
  }

 private:
  std::vector<std::string> keys_;
};

// The application's handler: forwards each record to a callback it was given.
class CallbackHandler : public Batch::Handler {
 public:
  explicit CallbackHandler(std::function<void(const std::string&)> on_put) : on_put_(std::move(on_put)) {}
  void Put(const std::string& key) override { on_put_(key); }
  void Delete(const std::string& key) override { on_put_(key); }

 private:
  std::function<void(const std::string&)> on_put_;
};

// The store's own handler: inserts into its table.
class TableInserter : public Batch::Handler {
 public:
  explicit TableInserter(std::vector<std::string>* table) : table_(table) {}
  void Put(const std::string& key) override { table_->push_back(key); }
  void Delete(const std::string& key) override { table_->push_back("-" + key); }

 private:
  std::vector<std::string>* table_;
};

// A counting handler that derives from the store's inserter and keeps its Put.
class CountingInserter : public TableInserter {
 public:
  using TableInserter::TableInserter;
  void Delete(const std::string& key) override {
    ++deletes_;
    TableInserter::Delete(key);
  }

 private:
  int deletes_ = 0;
};

class Store {
 public:
  void Apply(const Batch& batch) {
    std::lock_guard<std::mutex> guard(mu_);
    TableInserter inserter(&table_);
    // negative: the batch replays into the store's own TableInserter.
    batch.Replay(&inserter);
    // negative: the same object, passed by reference.
    batch.ReplayInto(inserter);
  }

  void ApplyCounted(const Batch& batch) {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: CountingInserter's Delete and TableInserter's Put only insert.
    batch.Replay(&counting_);
  }

  void Recover(const Batch& batch) {
    std::lock_guard<std::mutex> guard(mu_);
    // negative: InsertAll hands the batch its own TableInserter.
    InsertAll(batch);
  }

  void Replay(const Batch& batch, Batch::Handler* handler) {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: the handler is the caller's, which may be a CallbackHandler running application code.
    batch.Replay(handler);  // expect: concur-locked-callback
  }

  void Mirror(const Batch& batch, std::function<void(const std::string&)> on_put) {
    std::lock_guard<std::mutex> guard(mu_);
    CallbackHandler forward(std::move(on_put));
    // positive: the object is a CallbackHandler, whose Put runs the application's callback.
    batch.Replay(&forward);  // expect: concur-locked-callback
  }

 private:
  void InsertAll(const Batch& batch) {
    TableInserter inserter(&table_);
    batch.Replay(&inserter);
  }

  std::mutex mu_;
  std::vector<std::string> table_;
  CountingInserter counting_{&table_};
};

// The object handed on: a source's virtual Emit (a CRTP base's) passes the handler to the derived
// class's EmitInto, which makes the virtual calls on it. The class of the object the caller
// passes still decides, however many calls carry it there.
class Source {
 public:
  virtual ~Source() = default;
  virtual void Emit(Batch::Handler& handler) = 0;
};

template <class Derived>
class SourceBase : public Source {
 public:
  void Emit(Batch::Handler& handler) final { static_cast<Derived*>(this)->EmitInto(handler); }
};

class KeySource : public SourceBase<KeySource> {
 public:
  void EmitInto(Batch::Handler& handler) {
    for (const auto& key : keys_) handler.Put(key);
  }

 private:
  std::vector<std::string> keys_{"a", "b"};
};

class Exporter {
 public:
  void Snapshot() {
    std::lock_guard<std::mutex> guard(mu_);
    TableInserter inserter(&table_);
    // negative: the sources emit into the exporter's own TableInserter, through EmitInto.
    for (Source* source : sources_) source->Emit(inserter);
  }

  void ExportTo(Batch::Handler& handler) {
    std::lock_guard<std::mutex> guard(mu_);
    // positive: the handler is the caller's, which may be a CallbackHandler running application code.
    for (Source* source : sources_) source->Emit(handler);  // expect: concur-locked-callback
  }

 private:
  std::mutex mu_;
  std::vector<Source*> sources_;
  std::vector<std::string> table_;
};

}  // namespace store
