#include "detail/globals_writers.h"

#include "detail/symbolizer.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace concur::runtime_internal {
namespace {

bool touches(const RecordedWrite& w, std::uintptr_t start, std::uintptr_t end) {
  if (w.system_call != nullptr) return w.address < end && w.address + w.size > start;
  return w.address >= start && w.address < end;
}

GlobalWriter to_writer(const RecordedWrite& w, pid_t naming_thread) {
  GlobalWriter writer;
  writer.tid = w.tid;
  writer.thread_name = std::string(w.thread_name, strnlen(w.thread_name, sizeof w.thread_name));
  writer.snapshot_thread = w.tid == naming_thread;
  const std::vector<void*> callers(w.frames, w.frames + w.depth);
  // A fault: the writing instruction, then the next frame of the user's code.
  // A system call: where the user's code made it.
  const std::vector<CodeSite> sites = user_code_sites(w.pc, callers, 2);
  if (w.system_call != nullptr) {
    writer.system_call = w.system_call;
    if (!sites.empty()) writer.called_from = sites[0].file + ":" + std::to_string(sites[0].line);
    return writer;
  }
  if (!sites.empty()) {
    writer.function = sites[0].function;
    writer.site = sites[0].file + ":" + std::to_string(sites[0].line);
  }
  if (sites.size() > 1) writer.called_from = sites[1].file + ":" + std::to_string(sites[1].line);
  return writer;
}

}  // namespace

std::unique_ptr<WriterNamingSession> WriterNamingSession::start(const std::vector<AddressRange>& ranges,
                                                                std::string& reason) {
  if (!start_naming_writers(ranges, reason)) return nullptr;
  return std::unique_ptr<WriterNamingSession>(new WriterNamingSession);
}

WriterNamingSession::~WriterNamingSession() { finish(); }

void WriterNamingSession::finish() {
  if (!running_) return;
  running_ = false;
  named_ = stop_naming_writers();
}

std::vector<GlobalWriter> WriterNamingSession::writers_of(std::uintptr_t start, std::uintptr_t end) const {
  std::map<pid_t, const RecordedWrite*> first_by_thread;
  for (const RecordedWrite& w : named_.writes) {
    if (!touches(w, start, end)) continue;
    auto [it, inserted] = first_by_thread.try_emplace(w.tid, &w);
    if (!inserted && w.order < it->second->order) it->second = &w;
  }
  std::vector<const RecordedWrite*> firsts;
  for (const auto& [tid, w] : first_by_thread) firsts.push_back(w);
  std::sort(firsts.begin(), firsts.end(), [](const RecordedWrite* a, const RecordedWrite* b) { return a->order < b->order; });
  std::vector<GlobalWriter> writers;
  for (const RecordedWrite* w : firsts) writers.push_back(to_writer(*w, named_.naming_thread));
  return writers;
}

std::string WriterNamingSession::losses() const {
  std::string text;
  if (named_.dropped != 0)
    text = std::to_string(named_.dropped) + " writes did not fit the record buffer";
  if (!named_.given_up.empty()) {
    if (!text.empty()) text += "; ";
    text += std::to_string(named_.given_up.size()) + (named_.given_up.size() == 1 ? " page was" : " pages were") +
            " written more than " + std::to_string(kFaultsPerPage) + " times and left writable";
  }
  return text;
}

}  // namespace concur::runtime_internal
